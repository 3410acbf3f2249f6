import type { PersonalToken } from "../../api/types";
import { formatDate, formatDateTime } from "../../shared/format";

export type TokenStatus = "active" | "expired" | "revoked";

export function tokenStatus(token: PersonalToken, now: number = Date.now()): TokenStatus {
  if (token.revoked_at) return "revoked";
  if (Date.parse(token.expires_at) <= now) return "expired";
  return "active";
}

const STATUS_LABELS: Record<TokenStatus, string> = { active: "Active", expired: "Expired", revoked: "Revoked" };

function StatusCell({ token }: { token: PersonalToken }) {
  const status = tokenStatus(token);
  return (
    <span className={`badge badge-status-${status}`} title={token.revoked_at ? `Revoked ${formatDateTime(token.revoked_at)}` : undefined}>
      {STATUS_LABELS[status]}
    </span>
  );
}

/** Personal access tokens (never the tokens themselves), with a revoke button on active ones. */
export function TokenTable({
  tokens,
  caption,
  onRevoke,
}: {
  tokens: PersonalToken[];
  caption: string;
  onRevoke: (token: PersonalToken) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="data-table token-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="col-name">Name</th>
            <th scope="col" className="col-prefix">Starts with</th>
            <th scope="col" className="col-scopes">Scopes</th>
            <th scope="col" className="col-date">Created</th>
            <th scope="col" className="col-date">Expires</th>
            <th scope="col" className="col-date">Last used</th>
            <th scope="col" className="col-status">Status</th>
            <th scope="col" className="col-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => {
            const status = tokenStatus(token);
            return (
              <tr key={token.id} className={status === "active" ? undefined : "row-inactive"}>
                <td className="col-name">
                  <span className="truncate" title={token.name}>
                    {token.name}
                  </span>
                </td>
                <td className="col-prefix">
                  <code>{token.prefix}…</code>
                </td>
                <td className="col-scopes">
                  <ul className="scope-list">
                    {token.scopes.map((scope) => (
                      <li key={scope}>
                        <code>{scope}</code>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="col-date">{formatDate(token.created_at)}</td>
                <td className="col-date">{formatDate(token.expires_at)}</td>
                <td className="col-date">{token.last_used_at ? formatDateTime(token.last_used_at) : "Never"}</td>
                <td className="col-status">
                  <StatusCell token={token} />
                </td>
                <td className="col-actions">
                  {status === "active" && (
                    <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => onRevoke(token)}>
                      Revoke<span className="visually-hidden"> {token.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
