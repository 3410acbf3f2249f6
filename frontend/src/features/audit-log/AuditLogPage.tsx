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
import { useAuditEvents } from "./api";
import { AuditFilters } from "./AuditFilters";
import { auditHref, hasAuditFilters, NO_FILTERS, parseAuditParams, toAuditApiQuery, toAuditSearchParams } from "./auditParams";
import type { AuditFilters as Filters } from "./auditParams";
import { AuditTable, AuditTableSkeleton } from "./AuditTable";
import "./audit-log.css";

function AuditLog() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseAuditParams(params), [params]);
  const query = useMemo(() => toAuditApiQuery(state), [state]);
  const events = useAuditEvents(query);
  useDocumentTitle("Audit log");

  const hrefFor = useCallback((page: number) => auditHref({ ...state, page }), [state]);
  const filterHref = useCallback(
    (filter: Partial<Filters>) => auditHref({ ...state, ...filter, page: 1 }),
    [state],
  );
  const apply = (filters: Filters) => setParams(toAuditSearchParams({ ...filters, page: 1 }));
  const clearHref = auditHref({ ...NO_FILTERS, page: 1 });
  const data = events.data;

  let body;
  if (events.isPending) {
    body = <AuditTableSkeleton rows={10} />;
  } else if (events.isError && !data) {
    const badFilter = events.error instanceof ApiError && events.error.status === 422;
    body = (
      <ErrorState
        error={events.error}
        title={badFilter ? "These filters cannot be applied" : "The audit log could not be loaded"}
        onRetry={badFilter ? undefined : () => void events.refetch()}
      >
        {badFilter && (
          <p>
            <Link to={clearHref}>Clear the filters</Link>
          </p>
        )}
      </ErrorState>
    );
  } else if (data && data.items.length === 0) {
    body =
      data.total > 0 ? (
        <PastLastPage title="This page is past the end of the log" lastHref={hrefFor(data.pages)} />
      ) : hasAuditFilters(state) ? (
        <EmptyState title="No event matches these filters">
          <p>
            <Link to={clearHref}>Clear the filters</Link> to see the whole log.
          </p>
        </EmptyState>
      ) : (
        <EmptyState title="Nothing has been recorded yet" />
      );
  } else if (data) {
    body = <AuditTable events={data.items} busy={events.isFetching} filterHref={filterHref} />;
  }

  const first = data ? (data.page - 1) * data.per_page + 1 : 0;
  const last = data ? first + data.items.length - 1 : 0;

  return (
    <div className="page">
      <div className="page-header">
        <div className="page-title-row">
          <h1>Audit log</h1>
          <p className="result-count" aria-live="polite">
            {data && data.items.length > 0
              ? `${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(data.total)} events`
              : data
                ? `${formatNumber(data.total)} events`
                : " "}
          </p>
        </div>
        <p className="muted">Newest first. Every event is chained to the one before it, so gaps and edits show.</p>
      </div>
      <AuditFilters filters={state} onApply={apply} />
      {events.isError && data && (
        <ErrorState error={events.error} title="The log could not be refreshed" onRetry={() => void events.refetch()} />
      )}
      {body}
      {data && <Pagination page={data.page} pages={data.pages} hrefFor={hrefFor} />}
    </div>
  );
}

export function AuditLogPage() {
  return (
    <RequirePermission permission={ADMIN_PERMISSIONS.audit}>
      <AuditLog />
    </RequirePermission>
  );
}

export default AuditLogPage;
