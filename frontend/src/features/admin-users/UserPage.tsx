import { Link, useParams } from "react-router-dom";
import { ApiError } from "../../api/errors";
import { formatDate } from "../../shared/format";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { ADMIN_PERMISSIONS } from "../admin/permissions";
import { RequirePermission } from "../admin/RequirePermission";
import { NotFoundPage } from "../errors/NotFoundPage";
import { AccountStatusSection } from "./AccountStatusSection";
import { useUser } from "./api";
import { GrantsSection } from "./GrantsSection";
import { UserStatusBadges } from "./UserTable";
import { UserTokensSection } from "./UserTokensSection";
import "./admin-users.css";

function BackLink() {
  return (
    <Link to="/admin/users" className="back-link">
      ‹ Users
    </Link>
  );
}

function UserDetail({ username }: { username: string }) {
  const user = useUser(username);
  useDocumentTitle(user.data ? `${user.data.display_name || user.data.username} · Users` : "User");

  if (user.error instanceof ApiError && user.error.notFound) return <NotFoundPage what="user" />;
  if (user.isPending) {
    return (
      <div className="page" aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading the user…
        </p>
        <BackLink />
        <div aria-hidden="true">
          <Skeleton width="16rem" height="2rem" />
          <Skeleton width="24rem" className="skeleton-gap" />
        </div>
        <div className="section" aria-hidden="true">
          <Skeleton width="8rem" height="1.25rem" />
          <Skeleton width="100%" height="4rem" className="skeleton-gap" />
        </div>
      </div>
    );
  }
  if (user.isError) {
    return (
      <div className="page">
        <BackLink />
        <ErrorState error={user.error} title="The user could not be loaded" onRetry={() => void user.refetch()} />
      </div>
    );
  }
  const data = user.data;
  return (
    <div className="page user-page">
      <BackLink />
      <header className="user-header">
        <div className="page-title-row">
          <h1>{data.display_name || data.username}</h1>
          <UserStatusBadges user={data} />
        </div>
        <dl className="facts facts-inline">
          <div>
            <dt>Username</dt>
            <dd>{data.username}</dd>
          </div>
          <div>
            <dt>E-mail</dt>
            <dd>{data.email || "—"}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatDate(data.created_at)}</dd>
          </div>
        </dl>
      </header>
      <GrantsSection user={data} />
      <UserTokensSection user={data} />
      <AccountStatusSection user={data} />
    </div>
  );
}

export function UserPage() {
  const { username = "" } = useParams();
  return (
    <RequirePermission permission={ADMIN_PERMISSIONS.users}>
      <UserDetail key={username} username={username} />
    </RequirePermission>
  );
}

export default UserPage;
