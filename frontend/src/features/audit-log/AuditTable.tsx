import { Link } from "react-router-dom";
import type { AuditEvent } from "../../api/types";
import { formatDateTime } from "../../shared/format";
import { Skeleton } from "../../shared/ui/Skeleton";

function detailValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

function Details({ details }: { details: AuditEvent["details"] }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return <span className="subtle">—</span>;
  return (
    <dl className="audit-details">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{detailValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Header() {
  return (
    <thead>
      <tr>
        <th scope="col" className="col-time">Time</th>
        <th scope="col" className="col-action">Action</th>
        <th scope="col" className="col-actor">Actor</th>
        <th scope="col" className="col-target">Target</th>
        <th scope="col" className="col-address">Address</th>
        <th scope="col" className="col-details">Details</th>
      </tr>
    </thead>
  );
}

/**
 * One row per event. Actor, action and target are links that filter the log by them
 * (`filterHref` builds the address).
 */
export function AuditTable({
  events,
  busy,
  filterHref,
}: {
  events: AuditEvent[];
  busy: boolean;
  filterHref: (filter: { actor?: string; action?: string; targetType?: string; targetId?: string }) => string;
}) {
  return (
    <div className="table-wrap">
      <table className="data-table audit-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">Audit events, newest first</caption>
        <Header />
        <tbody>
          {events.map((event) => (
            <tr key={event.sequence}>
              <td className="col-time">
                <time dateTime={event.occurred_at} title={`#${event.sequence} · ${event.occurred_at}`}>
                  {formatDateTime(event.occurred_at)}
                </time>
              </td>
              <td className="col-action">
                <Link to={filterHref({ action: event.action })} className="quiet-link" title={`Only “${event.action}”`}>
                  <code className="action-code">{event.action}</code>
                </Link>
              </td>
              <td className="col-actor">
                {event.actor ? (
                  <Link to={filterHref({ actor: event.actor })} className="quiet-link truncate" title={`Only what ${event.actor} did`}>
                    {event.actor}
                  </Link>
                ) : (
                  <span className="subtle">—</span>
                )}
              </td>
              <td className="col-target">
                {event.target_type ? (
                  <Link
                    to={filterHref({ targetType: event.target_type, targetId: event.target_id })}
                    className="quiet-link truncate"
                    title={`Only events about ${event.target_type} ${event.target_id}`}
                  >
                    {event.target_type} <span className="subtle">{event.target_id}</span>
                  </Link>
                ) : (
                  <span className="subtle">—</span>
                )}
              </td>
              <td className="col-address">
                <span className="truncate">{event.remote_addr || "—"}</span>
              </td>
              <td className="col-details">
                <Details details={event.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditTableSkeleton({ rows }: { rows: number }) {
  return (
    <div className="table-wrap" aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading the audit log…
      </p>
      <table className="data-table audit-table" aria-hidden="true">
        <Header />
        <tbody>
          {Array.from({ length: rows }, (_, index) => (
            <tr key={index}>
              {[8, 9, 5, 7, 6, 12].map((width, cell) => (
                <td key={cell}>
                  <Skeleton width={`${width}rem`} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
