import { useCallback, useMemo } from "react";
import { Link, useLocation, useSearchParams } from "react-router-dom";
import { ApiError } from "../../api/errors";
import { SUGGESTION_STATUSES } from "../../api/types";
import type { SuggestionStatus } from "../../api/types";
import { formatNumber } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Pagination, PastLastPage } from "../../shared/ui/Pagination";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { useSession } from "../auth/session";
import { useSuggestionPage } from "./api";
import { canSuggest } from "./canSuggest";
import { parseSuggestionParams, suggestionListHref, toSuggestionApiQuery } from "./listParams";
import type { SuggestionListState } from "./listParams";
import { STATUS_LABELS } from "./status";
import { SuggestionItem, SuggestionListSkeleton } from "./SuggestionItem";
import { SuccessNotice } from "../../shared/ui/SuccessNotice";
import "./suggestions.css";

const BASE = "/suggestions";

/** Analysts see a source's datasets once it is connected; a planned one has none yet. */
function sourceHref(key: string, planned: boolean): string | null {
  return planned ? null : `/datasets?source=${encodeURIComponent(key)}`;
}

export function SuggestionsPage() {
  const { me } = useSession();
  const location = useLocation();
  const created = (location.state as { created?: string } | null)?.created;
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseSuggestionParams(params), [params]);
  const page = useSuggestionPage(useMemo(() => toSuggestionApiQuery(state), [state]));
  useDocumentTitle("Source suggestions");

  const hrefFor = useCallback((n: number) => suggestionListHref(BASE, { ...state, page: n }), [state]);
  const change = (next: Partial<SuggestionListState>) => {
    const href = suggestionListHref(BASE, { ...state, ...next, page: 1 });
    setParams(new URLSearchParams(href.split("?")[1] ?? ""));
  };
  const data = page.data;

  let body;
  if (page.isPending) {
    body = <SuggestionListSkeleton />;
  } else if (page.isError && !data) {
    const badFilter = page.error instanceof ApiError && page.error.status === 422;
    body = (
      <ErrorState
        error={page.error}
        title="The suggestions could not be loaded"
        onRetry={badFilter ? undefined : () => void page.refetch()}
      />
    );
  } else if (data && data.items.length === 0) {
    body =
      data.total > 0 ? (
        <PastLastPage lastHref={hrefFor(data.pages)} />
      ) : state.mine || state.status ? (
        <EmptyState title="No suggestion matches these filters">
          <p>
            <Link to={BASE}>See every suggestion</Link>
          </p>
        </EmptyState>
      ) : (
        <EmptyState title="No source suggested yet">
          <p>When data you need is not in the catalog, suggest its source: IT decides whether to bring it in.</p>
        </EmptyState>
      );
  } else if (data) {
    body = (
      <ul className="suggestion-list" aria-busy={page.isFetching || undefined}>
        {data.items.map((suggestion) => (
          <li key={suggestion.id}>
            <SuggestionItem suggestion={suggestion} sourceHref={sourceHref} />
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div className="page">
      <div className="page-header">
        <div className="page-title-row">
          <h1>Source suggestions</h1>
          <p className="result-count" aria-live="polite">
            {data ? `${formatNumber(data.total)} ${data.total === 1 ? "suggestion" : "suggestions"}` : " "}
          </p>
        </div>
        {canSuggest(me) && (
          <Link to="/suggestions/new" className="btn btn-primary">
            Suggest a data source
          </Link>
        )}
      </div>
      {created && <SuccessNotice>Thank you: “{created}” was sent to IT. You will be notified when it is decided.</SuccessNotice>}
      <form className="filters" role="search" aria-label="Filter suggestions" onSubmit={(event) => event.preventDefault()}>
        <div className="filter">
          <label htmlFor="suggestions-whose">Show</label>
          <select id="suggestions-whose" value={state.mine ? "mine" : "all"} onChange={(event) => change({ mine: event.target.value === "mine" })}>
            <option value="all">Everyone's</option>
            <option value="mine">Mine only</option>
          </select>
        </div>
        <div className="filter">
          <label htmlFor="suggestions-status">Status</label>
          <select
            id="suggestions-status"
            value={state.status ?? ""}
            onChange={(event) => change({ status: (event.target.value || null) as SuggestionStatus | null })}
          >
            <option value="">Any status</option>
            {SUGGESTION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status].label}
              </option>
            ))}
          </select>
        </div>
      </form>
      {page.isError && data && (
        <ErrorState error={page.error} title="The list could not be refreshed" onRetry={() => void page.refetch()} />
      )}
      <div className="suggestion-results">{body}</div>
      {data && <Pagination page={data.page} pages={data.pages} hrefFor={hrefFor} />}
    </div>
  );
}

export default SuggestionsPage;
