import { useId, useMemo } from "react";
import { Link, useSearchParams } from "react-router-dom";
import type { ChangeRequestQuery, ChangeRequestSummary } from "../../api/types";
import { formatDateTime, formatNumber } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Pagination } from "../../shared/ui/Pagination";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { useChangeRequests } from "../requests/api";
import { REQUEST_STATUSES, STATUS_LABELS } from "../requests/labels";
import { RequestKinds, RequestStatus, RequestTarget, RequestTitle } from "../requests/RequestCells";
import { QueueTableSkeleton } from "../review/QueueTable";
import "../requests/requests.css";
import { pageParam, withQuery } from "../../shared/urlParams";

const PAGE_SIZE = 25;
type Status = (typeof REQUEST_STATUSES)[number];

function parse(params: URLSearchParams): { status: Status | ""; page: number } {
  const status = params.get("status");
  return {
    status: status && (REQUEST_STATUSES as string[]).includes(status) ? (status as Status) : "",
    page: pageParam(params),
  };
}

function href(status: string, page: number): string {
  const params = new URLSearchParams();
  if (status) params.set("status", status);
  if (page > 1) params.set("page", String(page));
  return withQuery("/contributions", params);
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
                <RequestTitle request={request} />
              </td>
              <td>
                <RequestKinds request={request} />
              </td>
              <td>
                <RequestTarget request={request} />
              </td>
              <td className="col-date">{formatDateTime(request.created_at)}</td>
              <td className="col-date">{formatDateTime(request.decided_at)}</td>
              <td className="col-status">
                <RequestStatus request={request} />
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
      {/* The previous list stays on screen while another loads: say when that one failed. */}
      {requests.isError && data && (
        <ErrorState error={requests.error} title="The list could not be refreshed" onRetry={() => void requests.refetch()} />
      )}
      {body}
      {data && <Pagination page={data.page} pages={data.pages} hrefFor={(page) => href(state.status, page)} />}
    </div>
  );
}

export default MyContributionsPage;
