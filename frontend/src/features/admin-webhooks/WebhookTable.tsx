import { Link } from "react-router-dom";
import type { Webhook } from "../../api/types";
import { formatDate, formatDateTime } from "../../shared/format";

export interface WebhookActions {
  onEdit: (webhook: Webhook) => void;
  onToggle: (webhook: Webhook) => void;
  onRotate: (webhook: Webhook) => void;
  onDelete: (webhook: Webhook) => void;
}

/** The registered webhooks: where they POST, what they listen to, whether they are on. */
export function WebhookTable({ webhooks, toggling, actions }: { webhooks: readonly Webhook[]; toggling: number | null; actions: WebhookActions }) {
  return (
    <div className="table-wrap">
      <table className="data-table webhook-table">
        <caption className="visually-hidden">Webhooks</caption>
        <thead>
          <tr>
            <th scope="col" className="col-name">Webhook</th>
            <th scope="col" className="col-events">Events</th>
            <th scope="col" className="col-status">Status</th>
            <th scope="col" className="col-created">Created</th>
            <th scope="col" className="col-actions-wide">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {webhooks.map((webhook) => (
            <tr key={webhook.id} className={webhook.active ? undefined : "row-inactive"}>
              <td className="col-name">
                <div className="cell-lines">
                  <Link to={`/admin/webhooks/${webhook.id}`} className="strong-link truncate" title={webhook.name}>
                    {webhook.name}
                  </Link>
                  <code className="subtle truncate" title={webhook.url}>
                    {webhook.url}
                  </code>
                </div>
              </td>
              <td className="col-events">
                <ul className="scope-list">
                  {webhook.events.map((event) => (
                    <li key={event}>
                      <code>{event}</code>
                    </li>
                  ))}
                </ul>
              </td>
              <td className="col-status">
                {webhook.active ? (
                  <span className="badge badge-status-active">Active</span>
                ) : (
                  <span className="badge badge-status-expired">Disabled</span>
                )}
              </td>
              <td className="col-created" title={formatDateTime(webhook.created_at)}>
                {formatDate(webhook.created_at)}
              </td>
              <td className="col-actions-wide">
                <span className="action-buttons">
                  <button type="button" className="btn btn-small" onClick={() => actions.onEdit(webhook)}>
                    Edit<span className="visually-hidden"> {webhook.name}</span>
                  </button>
                  <button type="button" className="btn btn-small" disabled={toggling === webhook.id} onClick={() => actions.onToggle(webhook)}>
                    {webhook.active ? "Disable" : "Enable"}
                    <span className="visually-hidden"> {webhook.name}</span>
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => actions.onRotate(webhook)}>
                    New secret<span className="visually-hidden"> for {webhook.name}</span>
                  </button>
                  <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => actions.onDelete(webhook)}>
                    Delete<span className="visually-hidden"> {webhook.name}</span>
                  </button>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
