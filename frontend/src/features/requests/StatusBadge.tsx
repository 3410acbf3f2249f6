import { ITEM_STATUS_LABELS, STATUS_LABELS, statusTone } from "./labels";

const LABELS: Record<string, string> = { ...ITEM_STATUS_LABELS, ...STATUS_LABELS };

/** A request's or an item's status, in words and colour. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${statusTone(status)}`}>{LABELS[status] ?? status}</span>;
}

/** "Stale": the target changed since the proposal, so approving it will not apply it blindly. */
export function StaleBadge() {
  return (
    <span className="badge badge-stale" title="What it changes was changed since it was proposed">
      <span aria-hidden="true">⚠ </span>Stale
    </span>
  );
}
