import type { ChangeRequestSummary } from "../../api/types";
import { formatDateTime } from "../../shared/format";
import { Skeleton } from "../../shared/ui/Skeleton";
import { DueDate } from "../requests/DueDate";
import { RequestKinds, RequestStatus, RequestTarget, RequestTitle } from "../requests/RequestCells";
import { formatAge } from "./age";

export interface Selection {
  selected: ReadonlySet<number>;
  toggle: (id: number, on: boolean) => void;
  toggleAll: (on: boolean) => void;
}

/** One row per request: what, where, who, how long it waited, when it is due; stale ones stand out. */
export function QueueTable({
  requests,
  busy,
  selection,
  now = Date.now(),
}: {
  requests: ChangeRequestSummary[];
  busy: boolean;
  /** Checkboxes for bulk decisions (only in "waiting for my review"). */
  selection?: Selection;
  now?: number;
}) {
  const allSelected = selection ? requests.length > 0 && requests.every((r) => selection.selected.has(r.id)) : false;
  return (
    <div className="table-wrap">
      <table className="data-table queue-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">Change requests</caption>
        <thead>
          <tr>
            {selection && (
              <th scope="col" className="col-select">
                <input
                  type="checkbox"
                  aria-label="Select every request on this page"
                  checked={allSelected}
                  onChange={(event) => selection.toggleAll(event.target.checked)}
                />
              </th>
            )}
            <th scope="col" className="col-request">Request</th>
            <th scope="col" className="col-kind">Kind</th>
            <th scope="col" className="col-target">Target</th>
            <th scope="col" className="col-proposer">Proposer</th>
            <th scope="col" className="col-age">Age</th>
            <th scope="col" className="col-due">Due</th>
            <th scope="col" className="col-status">Status</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((request) => (
            <tr key={request.id} className={request.stale ? "row-stale" : undefined}>
              {selection && (
                <td className="col-select">
                  <input
                    type="checkbox"
                    aria-label={`Select “${request.title}”`}
                    checked={selection.selected.has(request.id)}
                    onChange={(event) => selection.toggle(request.id, event.target.checked)}
                  />
                </td>
              )}
              <td className="col-request">
                <RequestTitle request={request} />
              </td>
              <td className="col-kind">
                <RequestKinds request={request} />
              </td>
              <td className="col-target">
                <RequestTarget request={request} />
              </td>
              <td className="col-proposer">
                <span className="truncate">{request.proposer ? request.proposer.display_name || request.proposer.username : "—"}</span>
              </td>
              <td className="col-age">
                <time dateTime={request.created_at} title={formatDateTime(request.created_at)}>
                  {formatAge(request.created_at, now)}
                </time>
              </td>
              <td className="col-due">
                {request.status === "pending" ? <DueDate dueAt={request.due_at} escalated={request.escalated} now={now} /> : <span className="subtle">—</span>}
              </td>
              <td className="col-status">
                <RequestStatus request={request} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function QueueTableSkeleton({ rows }: { rows: number }) {
  return (
    <div className="table-wrap" aria-busy="true">
      <table className="data-table queue-table">
        <caption className="visually-hidden">Loading change requests</caption>
        <tbody>
          {Array.from({ length: rows }, (_, index) => (
            <tr key={index}>
              <td>
                <Skeleton height="2.25rem" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
