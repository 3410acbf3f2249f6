import { formatDate } from "../../shared/format";

/** When a pending request is due; past due (and escalated to admins) said plainly. */
export function DueDate({ dueAt, escalated, now = Date.now() }: { dueAt: string | null; escalated: boolean; now?: number }) {
  if (!dueAt) return <span className="subtle">No due date</span>;
  const overdue = Date.parse(dueAt) < now;
  return (
    <span className="due-date">
      <time dateTime={dueAt}>{formatDate(dueAt)}</time>
      {overdue && <span className="badge badge-status-revoked">overdue</span>}
      {escalated && <span className="badge badge-status-expired">escalated</span>}
    </span>
  );
}
