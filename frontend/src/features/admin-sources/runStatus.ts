/**
 * A connector run's status, progress and duration in words. The API sends statuses as plain
 * strings (queued, running, succeeded, failed); an unknown one is shown as it came.
 */
import type { ConnectorRun } from "../../api/types";
import { formatNumber } from "../../shared/format";

const FINISHED = new Set(["succeeded", "failed"]);

export const RUN_STATUS_LABELS: Record<string, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
};

export const RUN_KIND_LABELS: Record<string, string> = {
  pull: "Crawl",
  push: "Pushed batch",
  openlineage: "OpenLineage event",
};

export const RUN_TRIGGER_LABELS: Record<string, string> = {
  api: "started by hand",
  cli: "from the command line",
  schedule: "on schedule",
  push: "pushed",
  openlineage: "OpenLineage",
};

export function isFinished(status: string): boolean {
  return FINISHED.has(status);
}

export function anyUnfinished(runs: readonly ConnectorRun[] | undefined): boolean {
  return Boolean(runs?.some((run) => !isFinished(run.status)));
}

export function runStatusLabel(status: string): string {
  return RUN_STATUS_LABELS[status] ?? status;
}

/** "1 h 2 min", "3 min 5 s", "4.2 s", "0.3 s". */
export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return "—";
  const seconds = milliseconds / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${whole % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** From start to finish, or to `now` while it runs; "—" before it has started. */
export function runDuration(run: Pick<ConnectorRun, "started_at" | "finished_at">, now: number = Date.now()): string {
  if (!run.started_at) return "—";
  const start = Date.parse(run.started_at);
  const end = run.finished_at ? Date.parse(run.finished_at) : now;
  return formatDuration(end - start);
}

/** Percent done (0-100), or null while the total is unknown. */
export function progressPercent(progress: ConnectorRun["progress"]): number | null {
  if (progress.total === null || progress.total <= 0) return null;
  return Math.min(100, Math.round((progress.done / progress.total) * 100));
}

export function progressText(progress: ConnectorRun["progress"]): string {
  const done = `${formatNumber(progress.done)} ${progress.done === 1 ? "dataset" : "datasets"}`;
  return progress.total === null ? `${done} so far` : `${formatNumber(progress.done)} of ${formatNumber(progress.total)} datasets`;
}

/** A running run whose worker has not touched it for this long has probably died. */
export const STALE_HEARTBEAT_MS = 2 * 60_000;

export function heartbeatIsStale(run: Pick<ConnectorRun, "status" | "heartbeat_at">, now: number = Date.now()): boolean {
  if (run.status !== "running" || !run.heartbeat_at) return false;
  return now - Date.parse(run.heartbeat_at) > STALE_HEARTBEAT_MS;
}
