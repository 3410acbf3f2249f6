import type { ApiClient } from "../../api/types";
import { formatDate, formatDateTime } from "../../shared/format";

export function ApiClientTable({
  clients,
  onRotate,
  onRevoke,
}: {
  clients: ApiClient[];
  onRotate: (client: ApiClient) => void;
  onRevoke: (client: ApiClient) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="data-table api-client-table">
        <caption className="visually-hidden">API clients</caption>
        <thead>
          <tr>
            <th scope="col" className="col-name">Name</th>
            <th scope="col" className="col-client-id">Client ID</th>
            <th scope="col" className="col-scopes">Scopes</th>
            <th scope="col" className="col-sources">Sources</th>
            <th scope="col" className="col-created">Created</th>
            <th scope="col" className="col-status">Status</th>
            <th scope="col" className="col-actions-wide">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {clients.map((client) => (
            <tr key={client.client_id} className={client.revoked_at ? "row-inactive" : undefined}>
              <td className="col-name">
                <div className="cell-lines">
                  <strong title={client.name}>{client.name}</strong>
                  {client.username !== client.client_id && (
                    <span className="subtle" title="Service account">
                      as {client.username}
                    </span>
                  )}
                </div>
              </td>
              <td className="col-client-id">
                <code className="truncate" title={client.client_id}>
                  {client.client_id}
                </code>
              </td>
              <td className="col-scopes">
                <ul className="scope-list">
                  {client.scopes.map((scope) => (
                    <li key={scope}>
                      <code>{scope}</code>
                    </li>
                  ))}
                </ul>
              </td>
              <td className="col-sources">
                {client.sources.length === 0 ? (
                  <span className="subtle">None</span>
                ) : (
                  <span className="clamp-2" title={client.sources.join(", ")}>
                    {client.sources.join(", ")}
                  </span>
                )}
              </td>
              <td className="col-created">
                <div className="cell-lines">
                  <span>{formatDate(client.created_at)}</span>
                  {client.secret_rotated_at && (
                    <span className="subtle" title={formatDateTime(client.secret_rotated_at)}>
                      rotated {formatDate(client.secret_rotated_at)}
                    </span>
                  )}
                </div>
              </td>
              <td className="col-status">
                {client.revoked_at ? (
                  <span className="badge badge-status-revoked" title={`Revoked ${formatDateTime(client.revoked_at)}`}>
                    Revoked
                  </span>
                ) : (
                  <span className="badge badge-status-active">Active</span>
                )}
              </td>
              <td className="col-actions-wide">
                {!client.revoked_at && (
                  <span className="action-buttons">
                    <button type="button" className="btn btn-small" onClick={() => onRotate(client)}>
                      New secret<span className="visually-hidden"> for {client.name}</span>
                    </button>
                    <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => onRevoke(client)}>
                      Revoke<span className="visually-hidden"> {client.name}</span>
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
