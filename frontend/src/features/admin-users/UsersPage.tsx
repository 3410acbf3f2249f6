import { useCallback, useMemo } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { ApiError } from "../../api/errors";
import { formatNumber } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Pagination, PastLastPage } from "../../shared/ui/Pagination";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { ADMIN_PERMISSIONS } from "../admin/permissions";
import { RequirePermission } from "../admin/RequirePermission";
import { useUserPage } from "./api";
import { UserFilters } from "./UserFilters";
import { hasUserFilters, parseUserParams, toUserApiQuery, toUserSearchParams, userListHref } from "./userListParams";
import type { UserListState } from "./userListParams";
import { UserTable, UserTableSkeleton } from "./UserTable";
import "./admin-users.css";

function UserList() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseUserParams(params), [params]);
  const query = useMemo(() => toUserApiQuery(state), [state]);
  const users = useUserPage(query);
  useDocumentTitle("Users");

  const hrefFor = useCallback((page: number) => userListHref({ ...state, page }), [state]);
  const change = (next: Partial<UserListState>) => setParams(toUserSearchParams({ ...state, ...next, page: 1 }));
  const clearHref = userListHref({ q: "", active: null, role: null, page: 1 });
  const data = users.data;

  let body;
  if (users.isPending) {
    body = <UserTableSkeleton rows={8} />;
  } else if (users.isError && !data) {
    const badFilter = users.error instanceof ApiError && users.error.status === 422;
    body = (
      <ErrorState
        error={users.error}
        title={badFilter ? "These filters cannot be applied" : "The users could not be loaded"}
        onRetry={badFilter ? undefined : () => void users.refetch()}
      />
    );
  } else if (data && data.items.length === 0) {
    body =
      data.total > 0 ? (
        <PastLastPage lastHref={hrefFor(data.pages)} />
      ) : hasUserFilters(state) ? (
        <EmptyState title="No user matches these filters">
          <p>
            <Link to={clearHref}>Clear the filters</Link> to see everyone.
          </p>
        </EmptyState>
      ) : (
        <EmptyState title="No users yet" />
      );
  } else if (data) {
    body = <UserTable users={data.items} busy={users.isFetching} />;
  }

  const first = data ? (data.page - 1) * data.per_page + 1 : 0;
  const last = data ? first + data.items.length - 1 : 0;

  return (
    <div className="page">
      <div className="page-header">
        <div className="page-title-row">
          <h1>Users</h1>
          <p className="result-count" aria-live="polite">
            {data && data.items.length > 0
              ? `${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(data.total)}`
              : data
                ? `${formatNumber(data.total)} users`
                : " "}
          </p>
        </div>
        <Link to="/admin/users/new" className="btn btn-primary">
          New user
        </Link>
      </div>
      <UserFilters state={state} onChange={change} />
      {users.isError && data && (
        <ErrorState error={users.error} title="The list could not be refreshed" onRetry={() => void users.refetch()} />
      )}
      {body}
      {data && <Pagination page={data.page} pages={data.pages} hrefFor={hrefFor} />}
    </div>
  );
}

export function UsersPage() {
  return (
    <RequirePermission permission={ADMIN_PERMISSIONS.users}>
      <UserList />
    </RequirePermission>
  );
}

export default UsersPage;
