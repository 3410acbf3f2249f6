/** The cells a list of change requests shows (the review queue, my contributions). */
import { Link } from "react-router-dom";
import type { ChangeRequestSummary } from "../../api/types";
import { kindLabel } from "./labels";
import { StaleBadge, StatusBadge } from "./StatusBadge";

/** Its title, linked to its page, over "#12 · Sales". */
export function RequestTitle({ request }: { request: ChangeRequestSummary }) {
  return (
    <span className="cell-lines">
      <Link to={`/requests/${request.id}`} className="strong-link" title={request.title}>
        {request.title}
      </Link>
      <span className="subtle">
        #{request.id}
        {request.domain ? ` · ${request.domain.name}` : ""}
      </span>
    </span>
  );
}

/** The kinds of change it holds, one a line. */
export function RequestKinds({ request }: { request: ChangeRequestSummary }) {
  return (
    <span className="cell-lines">
      {request.kinds.map((kind) => (
        <span key={kind}>{kindLabel(kind)}</span>
      ))}
    </span>
  );
}

/** The dataset (or column) it changes, linked, and how many other items it holds. */
export function RequestTarget({ request }: { request: ChangeRequestSummary }) {
  const target = request.target;
  if (!target) return <span className="subtle">—</span>;
  const name = target.column ? `${target.dataset}.${target.column}` : target.dataset;
  const more = request.item_count - 1;
  return (
    <span className="cell-lines">
      <Link to={`/datasets/${target.dataset_id}`} className="truncate" title={name}>
        {name}
      </Link>
      {more > 0 && <span className="subtle">+{more} more</span>}
    </span>
  );
}

/** Its status, and "Stale" when what it changes was changed since. */
export function RequestStatus({ request }: { request: ChangeRequestSummary }) {
  return (
    <span className="badge-row">
      {request.stale && <StaleBadge />}
      <StatusBadge status={request.status} />
    </span>
  );
}
