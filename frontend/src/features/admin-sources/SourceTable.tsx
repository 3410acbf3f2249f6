import { Link } from "react-router-dom";
import type { Source, SourceOperations } from "../../api/types";
import { formatDateTime, formatNumber } from "../../shared/format";
import { RunStatusBadge } from "./RunStatusBadge";

function ConnectionCell({ operations, connectorLabels }: { operations: SourceOperations | undefined; connectorLabels: Map<string, string> }) {
  const connection = operations?.connection;
  if (!connection) return <span className="subtle">{operations ? "None (push only)" : "—"}</span>;
  return (
    <div className="cell-lines">
      <span>{connectorLabels.get(connection.connector) ?? connection.connector}</span>
      {!connection.enabled && <span className="badge badge-status-revoked">Disabled</span>}
    </div>
  );
}

function ScheduleCell({ operations }: { operations: SourceOperations | undefined }) {
  const connection = operations?.connection;
  if (!connection?.schedule) return <span className="subtle">{connection ? "By hand" : "—"}</span>;
  return (
    <div className="cell-lines">
      <code>{connection.schedule}</code>
      {connection.enabled && connection.next_run_at && <span className="subtle">next {formatDateTime(connection.next_run_at)}</span>}
    </div>
  );
}

function LastRunCell({ operations }: { operations: SourceOperations | undefined }) {
  const run = operations?.last_run;
  if (!run) return <span className="subtle">{operations ? "Never" : "—"}</span>;
  return (
    <div className="cell-lines">
      <span>
        <RunStatusBadge status={run.status} />
      </span>
      <Link to={`/admin/runs/${run.id}`} className="subtle">
        {formatDateTime(run.finished_at ?? run.started_at ?? run.queued_at)}
      </Link>
    </div>
  );
}

/** Every source with how the catalog reads it and how its last run went. */
export function SourceTable({
  sources,
  operations,
  connectorLabels,
}: {
  sources: readonly Source[];
  operations: Map<string, SourceOperations> | undefined;
  connectorLabels: Map<string, string>;
}) {
  return (
    <div className="table-wrap">
      <table className="data-table source-table">
        <caption className="visually-hidden">Sources</caption>
        <thead>
          <tr>
            <th scope="col" className="col-name">Source</th>
            <th scope="col" className="col-platform">Platform</th>
            <th scope="col" className="col-domain">Domain</th>
            <th scope="col" className="col-connector">Connector</th>
            <th scope="col" className="col-schedule">Schedule</th>
            <th scope="col" className="col-last-run">Last run</th>
            <th scope="col" className="col-count">Datasets</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => {
            const ops = operations?.get(source.key);
            return (
              <tr key={source.key}>
                <td className="col-name">
                  <div className="cell-lines">
                    <Link to={`/admin/sources/${encodeURIComponent(source.key)}`} className="strong-link truncate" title={source.name}>
                      {source.name}
                    </Link>
                    <span className="subtle">
                      <code>{source.key}</code>
                      {source.planned && <span className="badge badge-planned">Planned</span>}
                    </span>
                  </div>
                </td>
                <td className="col-platform">{source.platform}</td>
                <td className="col-domain">{source.domain?.name ?? <span className="subtle">—</span>}</td>
                <td className="col-connector">
                  <ConnectionCell operations={ops} connectorLabels={connectorLabels} />
                </td>
                <td className="col-schedule">
                  <ScheduleCell operations={ops} />
                </td>
                <td className="col-last-run">
                  <LastRunCell operations={ops} />
                </td>
                <td className="col-count">{formatNumber(source.dataset_count)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
