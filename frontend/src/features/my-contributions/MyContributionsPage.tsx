import { useId, useMemo } from "react";
import { Link, useSearchParams } from "react-router-dom";
import type { ChangeRequestQuery, ChangeRequestSummary } from "../../api/types";
import { formatDateTime, formatNumber } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Pagination } from "../../shared/ui/Pagination";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { useChangeRequests } from "../requests/api";
import { kindLabel, REQUEST_STATUSES, STATUS_LABELS } from "../requests/labels";
import { StaleBadge, StatusBadge } from "../requests/StatusBadge";
import { QueueTableSkeleton } from "../review/QueueTable";
import "../requests/requests.css";

const PAGE_SIZE = 25;
type Status = (typeof REQUEST_STATUSES)[number];

function parse(params: URLSearchParams): { status: Status | ""; page: number } {
  const status = params.get("status");
  const page = Number(params.get("page"));
  return {
    status: status && (REQUEST_STATUSES as string[]).includes(status) ? (status as Status) : "",
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

function href(status: string, page: number): string {
  const params = new URLSearchParams();
  if (status) params.set("status", status);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/contributions?${query}` : "/contributions";
}

function ContributionTable({ requests, busy }: { requests: ChangeRequestSummary[]; busy: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data-table contributions-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">My contributions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Request</th>
            <th scope="col">Kind</th>
            <th scope="col">Target</th>
            <th scope="col" className="col-date">Proposed</th>
            <th scope="col" className="col-date">Decided</th>
            <th scope="col" className="col-status">Status</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((request) => (
            <tr key={request.id}>
              <td>
                <span className="cell-lines">
                  <Link to={`/requests/${request.id}`} className="strong-link" title={request.title}>
                    {request.title}
                  </Link>
                  <span className="subtle">
                    #{request.id}
                    {request.domain ? ` · ${request.domain.name}` : ""}
                  </span>
                </span>
              </td>
              <td>
                <span className="cell-lines">
                  {request.kinds.map((kind) => (
                    <span key={kind}>{kindLabel(kind)}</span>
                  ))}
                </span>
              </td>
              <td>
                {request.target ? (
                  <span className="cell-lines">
                    <Link to={`/datasets/${request.target.dataset_id}`} className="truncate">
                      {request.target.column ? `${request.target.dataset}.${request.target.column}` : request.target.dataset}
                    </Link>
                    {request.item_count > 1 && <span className="subtle">+{request.item_count - 1} more</span>}
                  </span>
                ) : (
                  <span className="subtle">—</span>
                )}
              </td>
              <td className="col-date">{formatDateTime(request.created_at)}</td>
              <td className="col-date">{formatDateTime(request.decided_at)}</td>
              <td className="col-status">
                <span className="badge-row">
                  {request.stale && <StaleBadge />}
                  <StatusBadge status={request.status} />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What I proposed, newest first, with its status; each links to its request page. */
export function MyContributionsPage() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parse(params), [params]);
  const query = useMemo<ChangeRequestQuery>(
    () => ({ mine: true, page: state.page, per_page: PAGE_SIZE, sort: "-created_at", ...(state.status ? { status: state.status } : {}) }),
    [state],
  );
  const requests = useChangeRequests(query);
  useDocumentTitle("My contributions");
  const data = requests.data;

  let body;
  if (requests.isPending) {
    body = <QueueTableSkeleton rows={6} />;
  } else if (requests.isError && !data) {
    body = <ErrorState error={requests.error} title="Your contributions could not be loaded" onRetry={() => void requests.refetch()} />;
  } else if (data && data.items.length === 0) {
    body = state.status ? (
      <EmptyState title={`None of your contributions is ${STATUS_LABELS[state.status].toLowerCase()}`}>
        <p>
          <Link to={href("", 1)}>Show them all</Link>
        </p>
      </EmptyState>
    ) : (
      <EmptyState title="You have not contributed yet">
        <p>
          Open a <Link to="/datasets">dataset</Link> to tag it, describe it or declare personal data; your proposals
          will be listed here.
        </p>
      </EmptyState>
    );
  } else if (data) {
    body = <ContributionTable requests={data.items} busy={requests.isFetching} />;
  }

  return (
    <div className="page">
      <div className="page-header">
        <div className="page-title-row">
          <h1>My contributions</h1>
          <p className="result-count" aria-live="polite">
            {data ? `${formatNumber(data.total)} ${data.total === 1 ? "request" : "requests"}` : " "}
          </p>
        </div>
      </div>
      <div className="filters" role="group" aria-label="Filter my contributions">
        <div className="filter">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={state.status} onChange={(event) => setParams(new URLSearchParams(href(event.target.value, 1).split("?")[1] ?? ""))}>
            <option value="">Any status</option>
            {REQUEST_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {body}
      {data && <Pagination page={data.page} pages={data.pages} hrefFor={(page) => href(state.status, page)} />}
    </div>
  );
}

export default MyContributionsPage;
