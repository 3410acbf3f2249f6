import { runStatusLabel } from "./runStatus";

/** A run's status as a coloured word (the word itself carries the meaning, not the colour). */
export function RunStatusBadge({ status }: { status: string }) {
  return <span className={`badge run-status run-status-${status}`}>{runStatusLabel(status)}</span>;
}
