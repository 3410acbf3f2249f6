import { useCallback, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { ApiError } from "../../api/errors";
import type { BulkDecisionOutcome } from "../../api/types";
import { formatNumber } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Pagination, PastLastPage } from "../../shared/ui/Pagination";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { useSession } from "../auth/session";
import { useChangeRequests } from "../requests/api";
import { reviewsSomewhere } from "../requests/reviewer";
import { BulkDecisionBar, BulkResults } from "./BulkDecisionBar";
import { hasQueueFilters, NO_FILTERS, parseQueueParams, queueHref, toQueueApiQuery, toQueueSearchParams } from "./queueParams";
import type { QueueFilters as Filters, QueueSort } from "./queueParams";
import { QueueFilters } from "./QueueFilters";
import { QueueTable, QueueTableSkeleton } from "./QueueTable";
import "../requests/requests.css";
import "./review.css";

function Queue() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseQueueParams(params), [params]);
  const query = useMemo(() => toQueueApiQuery(state), [state]);
  const requests = useChangeRequests(query);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [outcome, setOutcome] = useState<{ result: BulkDecisionOutcome; titles: Map<number, string> } | null>(null);
  useDocumentTitle("Review queue");

  const hrefFor = useCallback((page: number) => queueHref({ ...state, page }), [state]);
  const apply = (filters: Filters, sort: QueueSort) => {
    setSelected(new Set());
    setParams(toQueueSearchParams({ ...filters, sort, page: 1 }));
  };
  const clearHref = queueHref({ ...NO_FILTERS, sort: state.sort, page: 1 });
  const data = requests.data;
  const reviewing = state.status === "";
  // Only what is on the page now can be selected (a page change drops what is no longer shown).
  const shown = new Set((data?.items ?? []).map((r) => r.id));
  const chosen = [...selected].filter((id) => shown.has(id));

  const selection = reviewing
    ? {
        selected,
        toggle: (id: number, on: boolean) =>
          setSelected((current) => {
            const next = new Set(current);
            if (on) next.add(id);
            else next.delete(id);
            return next;
          }),
        toggleAll: (on: boolean) => setSelected(on ? new Set(shown) : new Set()),
      }
    : undefined;

  function done(result: BulkDecisionOutcome) {
    const titles = new Map((data?.items ?? []).map((r) => [r.id, r.title]));
    setOutcome({ result, titles });
    // Keep selected only what failed, so it can be looked at (or tried again) at once.
    setSelected(new Set(result.results.filter((r) => !r.ok).map((r) => r.id)));
  }

  let body;
  if (requests.isPending) {
    body = <QueueTableSkeleton rows={8} />;
  } else if (requests.isError && !data) {
    const badFilter = requests.error instanceof ApiError && requests.error.status === 422;
    body = (
      <ErrorState
        error={requests.error}
        title={badFilter ? "These filters cannot be applied" : "The review queue could not be loaded"}
        onRetry={badFilter ? undefined : () => void requests.refetch()}
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
        <PastLastPage title="This page is past the end of the queue" lastHref={hrefFor(data.pages)} />
      ) : hasQueueFilters(state) ? (
        <EmptyState title="No request matches these filters">
          <p>
            <Link to={clearHref}>Clear the filters</Link> to see the whole queue.
          </p>
        </EmptyState>
      ) : (
        <EmptyState title="Nothing waits for your review">
          <p>New contributions in your domains will appear here.</p>
        </EmptyState>
      );
  } else if (data) {
    body = <QueueTable requests={data.items} busy={requests.isFetching} selection={selection} />;
  }

  return (
    <div className="page">
      <div className="page-header">
        <div className="page-title-row">
          <h1>Review queue</h1>
          <p className="result-count" aria-live="polite">
            {data ? `${formatNumber(data.total)} ${data.total === 1 ? "request" : "requests"}` : " "}
          </p>
        </div>
        <p className="muted">
          {reviewing
            ? "Contributions in your domains that wait for your decision. Stale ones changed since they were proposed."
            : "Change requests in this state, in every domain."}
        </p>
      </div>
      <QueueFilters filters={state} sort={state.sort} onApply={apply} />
      {outcome && <BulkResults outcome={outcome.result} titles={outcome.titles} />}
      {reviewing && chosen.length > 0 && <BulkDecisionBar selected={chosen} onDone={done} />}
      {requests.isError && data && (
        <ErrorState error={requests.error} title="The queue could not be refreshed" onRetry={() => void requests.refetch()} />
      )}
      {body}
      {data && <Pagination page={data.page} pages={data.pages} hrefFor={hrefFor} />}
    </div>
  );
}

function NotAReviewer() {
  useDocumentTitle("Review queue");
  return (
    <div className="state state-error" role="alert">
      <h1 className="state-title">You do not review contributions</h1>
      <p>
        The review queue is for the stewards of a domain (the <code>changes:review</code> permission). Your own
        contributions are under <Link to="/contributions">My contributions</Link>.
      </p>
    </div>
  );
}

/** The steward's review queue: filters in the address, row selection and bulk decisions. */
export function ReviewQueuePage() {
  const { me } = useSession();
  return reviewsSomewhere(me) ? <Queue /> : <NotAReviewer />;
}

export default ReviewQueuePage;
