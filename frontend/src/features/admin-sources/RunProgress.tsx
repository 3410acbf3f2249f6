import type { ConnectorRun } from "../../api/types";
import { progressPercent, progressText } from "./runStatus";

/**
 * A run's progress: a bar (determinate once the total is known) with its phase. The bar's
 * aria values say the same as its text, so a screen reader hears "12 of 40 datasets".
 */
export function RunProgress({ run }: { run: ConnectorRun }) {
  const { progress } = run;
  const percent = progressPercent(progress);
  const text = progressText(progress);
  const queued = run.status === "queued";
  return (
    <div className="run-progress">
      <div
        className={`progress-track${percent === null ? " progress-indeterminate" : ""}`}
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={progress.total ?? undefined}
        aria-valuenow={progress.total === null ? undefined : progress.done}
        aria-valuetext={queued ? "Waiting for a worker" : text}
      >
        <div className="progress-fill" style={{ width: percent === null ? undefined : `${percent}%` }} />
      </div>
      <p className="run-progress-text">
        <span>{queued ? "Waiting for a worker to take it…" : text}</span>
        {percent !== null && <span className="subtle"> ({percent}%)</span>}
        {progress.message && !queued && <span className="run-phase"> · {progress.message}</span>}
      </p>
    </div>
  );
}
