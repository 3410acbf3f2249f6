import type { Delivery } from "../../api/types";
import { formatDateTime } from "../../shared/format";

const STATUS_LABELS: Record<Delivery["status"], string> = {
  pending: "Pending",
  succeeded: "Delivered",
  failed: "Failed",
};

const STATUS_CLASSES: Record<Delivery["status"], string> = {
  pending: "badge-status-expired",
  succeeded: "badge-status-active",
  failed: "badge-status-revoked",
};

export function deliveryStatusLabel(status: Delivery["status"]): string {
  return STATUS_LABELS[status] ?? status;
}

function LastResponse({ delivery }: { delivery: Delivery }) {
  if (delivery.last_response_status === null || delivery.last_response_status === undefined) {
    return delivery.last_error ? (
      <span className="delivery-error clamp-2" title={delivery.last_error}>
        {delivery.last_error}
      </span>
    ) : (
      <span className="subtle">—</span>
    );
  }
  const ok = delivery.last_response_status >= 200 && delivery.last_response_status < 300;
  return (
    <div className="cell-lines">
      <code className={ok ? undefined : "delivery-error"}>HTTP {delivery.last_response_status}</code>
      {(delivery.last_error || delivery.last_response_body) && (
        <span className="subtle clamp-2" title={delivery.last_error || delivery.last_response_body}>
          {delivery.last_error || delivery.last_response_body}
        </span>
      )}
    </div>
  );
}

/** A webhook's deliveries: each event, how its attempts went, when it is tried again. */
export function DeliveryTable({
  deliveries,
  busy,
  redelivering,
  onRedeliver,
}: {
  deliveries: readonly Delivery[];
  busy: boolean;
  redelivering: number | null;
  onRedeliver: (delivery: Delivery) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="data-table delivery-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">Deliveries</caption>
        <thead>
          <tr>
            <th scope="col" className="col-event">Event</th>
            <th scope="col" className="col-status">Status</th>
            <th scope="col" className="col-attempts">Attempts</th>
            <th scope="col">Last response</th>
            <th scope="col" className="col-when">Last attempt</th>
            <th scope="col" className="col-when">Next retry</th>
            <th scope="col" className="col-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr key={delivery.id}>
              <td className="col-event">
                <div className="cell-lines">
                  <code className="truncate" title={delivery.topic}>
                    {delivery.topic}
                  </code>
                  <span className="subtle">
                    #{delivery.id}, {formatDateTime(delivery.occurred_at)}
                  </span>
                </div>
              </td>
              <td className="col-status">
                <span className={`badge ${STATUS_CLASSES[delivery.status] ?? ""}`}>{deliveryStatusLabel(delivery.status)}</span>
              </td>
              <td className="col-attempts">{delivery.attempts}</td>
              <td>
                <LastResponse delivery={delivery} />
              </td>
              <td className="col-when">{formatDateTime(delivery.last_attempt_at)}</td>
              <td className="col-when">{delivery.status === "pending" ? formatDateTime(delivery.next_attempt_at) : "—"}</td>
              <td className="col-actions">
                <button type="button" className="btn btn-small" disabled={redelivering === delivery.id} onClick={() => onRedeliver(delivery)}>
                  {redelivering === delivery.id ? "Queuing…" : "Redeliver"}
                  <span className="visually-hidden"> delivery {delivery.id}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
