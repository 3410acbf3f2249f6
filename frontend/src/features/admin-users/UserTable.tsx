import { Link } from "react-router-dom";
import type { User } from "../../api/types";
import { formatDate } from "../../shared/format";
import { Skeleton } from "../../shared/ui/Skeleton";
import { describeGrant } from "./roles";

export function userHref(username: string): string {
  return `/admin/users/${encodeURIComponent(username)}`;
}

export function UserStatusBadges({ user }: { user: Pick<User, "active" | "is_service_account"> }) {
  return (
    <span className="badge-row">
      <span className={`badge ${user.active ? "badge-status-active" : "badge-status-revoked"}`}>
        {user.active ? "Active" : "Deactivated"}
      </span>
      {user.is_service_account && <span className="badge">Service account</span>}
    </span>
  );
}

function Header() {
  return (
    <thead>
      <tr>
        <th scope="col" className="col-user">User</th>
        <th scope="col" className="col-email">E-mail</th>
        <th scope="col" className="col-roles">Roles</th>
        <th scope="col" className="col-status">Status</th>
        <th scope="col" className="col-date">Created</th>
      </tr>
    </thead>
  );
}

export function UserTable({ users, busy }: { users: User[]; busy: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data-table user-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">Users</caption>
        <Header />
        <tbody>
          {users.map((user) => (
            <tr key={user.username} className={user.active ? undefined : "row-inactive"}>
              <td className="col-user">
                <div className="cell-lines">
                  <Link to={userHref(user.username)} className="strong-link">
                    {user.display_name || user.username}
                  </Link>
                  <span className="subtle">{user.username}</span>
                </div>
              </td>
              <td className="col-email">
                <span className="truncate" title={user.email}>
                  {user.email || "—"}
                </span>
              </td>
              <td className="col-roles">
                {user.grants.length === 0 ? (
                  <span className="subtle">No roles</span>
                ) : (
                  <ul className="grant-chips">
                    {user.grants.map((grant) => (
                      <li key={grant.id} className="grant-chip">
                        {describeGrant(grant)}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="col-status">
                <UserStatusBadges user={user} />
              </td>
              <td className="col-date">{formatDate(user.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function UserTableSkeleton({ rows }: { rows: number }) {
  return (
    <div className="table-wrap" aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading users…
      </p>
      <table className="data-table user-table" aria-hidden="true">
        <Header />
        <tbody>
          {Array.from({ length: rows }, (_, index) => (
            <tr key={index}>
              <td className="col-user">
                <Skeleton width="70%" />
                <Skeleton width="40%" height="0.75rem" className="skeleton-gap" />
              </td>
              <td className="col-email">
                <Skeleton width="80%" />
              </td>
              <td className="col-roles">
                <Skeleton width="60%" />
              </td>
              <td className="col-status">
                <Skeleton width="4rem" />
              </td>
              <td className="col-date">
                <Skeleton width="5rem" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
