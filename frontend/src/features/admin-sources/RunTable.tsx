import { Link } from "react-router-dom";
import type { ConnectorRun } from "../../api/types";
import { formatDateTime, formatNumber, pluralize } from "../../shared/format";
import { RUN_KIND_LABELS, RUN_TRIGGER_LABELS, runDuration } from "./runStatus";
import { RunStatusBadge } from "./RunStatusBadge";

/** A source's runs, newest first: what each did, who started it, how long it took, what went wrong. */
export function RunTable({ runs, busy = false }: { runs: readonly ConnectorRun[]; busy?: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data-table run-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">Runs</caption>
        <thead>
          <tr>
            <th scope="col" className="col-run">Run</th>
            <th scope="col" className="col-status">Status</th>
            <th scope="col" className="col-who">Started by</th>
            <th scope="col" className="col-when">Started</th>
            <th scope="col" className="col-duration">Duration</th>
            <th scope="col" className="col-counts">Datasets</th>
            <th scope="col">Warnings and error</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td className="col-run">
                <div className="cell-lines">
                  <Link to={`/admin/runs/${run.id}`} className="strong-link">
                    #{run.id}
                  </Link>
                  <span className="subtle">
                    {RUN_KIND_LABELS[run.kind] ?? run.kind}, {RUN_TRIGGER_LABELS[run.trigger] ?? run.trigger}
                  </span>
                </div>
              </td>
              <td className="col-status">
                <RunStatusBadge status={run.status} />
              </td>
              <td className="col-who">{run.started_by || <span className="subtle">the catalog</span>}</td>
              <td className="col-when">{formatDateTime(run.started_at ?? run.queued_at)}</td>
              <td className="col-duration">{runDuration(run)}</td>
              <td className="col-counts">
                <div className="cell-lines">
                  <span>
                    {formatNumber(run.created)} created · {formatNumber(run.updated)} updated · {formatNumber(run.removed)} removed
                  </span>
                  <span className="subtle">{formatNumber(run.unchanged)} unchanged</span>
                </div>
              </td>
              <td>
                <div className="cell-lines">
                  {run.error && (
                    <span className="run-error clamp-2" title={run.error}>
                      {run.error}
                    </span>
                  )}
                  {run.warnings.length > 0 && <span className="run-warning-count">{pluralize(run.warnings.length, "warning")}</span>}
                  {!run.error && run.warnings.length === 0 && <span className="subtle">—</span>}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
