import { Link, useParams } from "react-router-dom";
import { ApiError } from "../../api/errors";
import type { ConnectorRun } from "../../api/types";
import { formatDateTime, formatNumber, pluralize } from "../../shared/format";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { ADMIN_PERMISSIONS } from "../admin/permissions";
import { RequirePermission } from "../admin/RequirePermission";
import { NotFoundPage } from "../errors/NotFoundPage";
import { useRun } from "./api";
import { RunProgress } from "./RunProgress";
import { heartbeatIsStale, isFinished, RUN_KIND_LABELS, RUN_TRIGGER_LABELS, runDuration, runStatusLabel } from "./runStatus";
import { RunStatusBadge } from "./RunStatusBadge";
import "./admin-sources.css";

const COUNTS = [
  ["created", "Created"],
  ["updated", "Updated"],
  ["unchanged", "Unchanged"],
  ["removed", "Removed"],
] as const;

function RunCounts({ run }: { run: ConnectorRun }) {
  return (
    <dl className="run-counts-grid" aria-label="Datasets">
      {COUNTS.map(([field, label]) => (
        <div key={field}>
          <dt>{label}</dt>
          <dd>{formatNumber(run[field])}</dd>
        </div>
      ))}
    </dl>
  );
}

function RunDetail({ run }: { run: ConnectorRun }) {
  const finished = isFinished(run.status);
  const sourceHref = `/admin/sources/${encodeURIComponent(run.source.key)}`;
  return (
    <div className="page run-page">
      <Link to={sourceHref} className="back-link">
        ‹ {run.source.name}
      </Link>
      <header>
        <div className="page-title-row">
          <h1>Run #{run.id}</h1>
          {/* Announced when it changes (queued → running → succeeded), not at every poll. */}
          <span role="status" aria-live="polite">
            <RunStatusBadge status={run.status} />
          </span>
        </div>
        <dl className="facts facts-inline">
          <div>
            <dt>Source</dt>
            <dd>
              <Link to={sourceHref}>{run.source.name}</Link>
            </dd>
          </div>
          <div>
            <dt>Kind</dt>
            <dd>
              {RUN_KIND_LABELS[run.kind] ?? run.kind}, {RUN_TRIGGER_LABELS[run.trigger] ?? run.trigger}
            </dd>
          </div>
          <div>
            <dt>Started by</dt>
            <dd>{run.started_by || "the catalog"}</dd>
          </div>
          <div>
            <dt>Queued</dt>
            <dd>{formatDateTime(run.queued_at)}</dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>{formatDateTime(run.started_at)}</dd>
          </div>
          <div>
            <dt>{finished ? "Finished" : "Running for"}</dt>
            <dd>{finished ? formatDateTime(run.finished_at) : runDuration(run)}</dd>
          </div>
          {finished && (
            <div>
              <dt>Duration</dt>
              <dd>{runDuration(run)}</dd>
            </div>
          )}
        </dl>
      </header>

      {!finished && (
        <section className="section" aria-labelledby="progress-title">
          <h2 id="progress-title">Progress</h2>
          <RunProgress run={run} />
          {heartbeatIsStale(run) && (
            <p className="alert alert-warning">
              No sign of life from the worker since {formatDateTime(run.heartbeat_at)}: it may have stopped. The run will be
              marked failed if it does not come back.
            </p>
          )}
        </section>
      )}

      {run.error && (
        <div className="alert alert-error run-error-box" role="alert">
          <strong>The run failed.</strong>
          <p className="plain-text">{run.error}</p>
        </div>
      )}

      <section className="section" aria-labelledby="counts-title">
        <h2 id="counts-title">{finished ? "What it changed" : "Changed so far"}</h2>
        <RunCounts run={run} />
        {finished && run.status === "succeeded" && run.created + run.updated + run.removed === 0 && (
          <p className="muted">Nothing had changed since the previous run: nothing was written.</p>
        )}
      </section>

      {run.warnings.length > 0 && (
        <section className="section" aria-labelledby="warnings-title">
          <h2 id="warnings-title">{pluralize(run.warnings.length, "warning")}</h2>
          <ul className="run-warnings">
            {run.warnings.map((warning, index) => (
              <li key={index} className="plain-text">
                {warning}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function RunView({ runId }: { runId: number }) {
  const run = useRun(runId);
  useDocumentTitle(run.data ? `Run #${run.data.id} (${runStatusLabel(run.data.status)}) · ${run.data.source.name}` : "Run");

  if (run.error instanceof ApiError && run.error.notFound) return <NotFoundPage what="run" />;
  if (run.isPending) {
    return (
      <div className="page" aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading the run…
        </p>
        <div aria-hidden="true">
          <Skeleton width="12rem" height="2rem" />
          <Skeleton width="30rem" className="skeleton-gap" />
          <Skeleton width="100%" height="3rem" className="skeleton-gap" />
        </div>
      </div>
    );
  }
  if (run.isError && !run.data) {
    return <ErrorState error={run.error} title="The run could not be loaded" onRetry={() => void run.refetch()} />;
  }
  return (
    <>
      {run.isError && (
        <p className="alert alert-warning" role="alert">
          The latest progress could not be fetched; what is shown may be out of date.{" "}
          <button type="button" className="btn btn-small" onClick={() => void run.refetch()}>
            Try again
          </button>
        </p>
      )}
      <RunDetail run={run.data} />
    </>
  );
}

export function RunPage() {
  const { runId = "" } = useParams();
  const id = Number(runId);
  return (
    <RequirePermission permission={ADMIN_PERMISSIONS.sources}>
      {Number.isInteger(id) && id > 0 ? <RunView key={id} runId={id} /> : <NotFoundPage what="run" />}
    </RequirePermission>
  );
}

export default RunPage;
