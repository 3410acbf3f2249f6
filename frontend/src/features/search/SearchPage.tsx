import { useCallback, useEffect, useId, useMemo, useRef } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { ApiError } from "../../api/errors";
import type { SearchPage as SearchResults, SearchSort } from "../../api/types";
import { formatNumber } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Pagination, PastLastPage } from "../../shared/ui/Pagination";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { useSearch } from "./api";
import { FacetSidebar } from "./FacetSidebar";
import { FilterChips } from "./FilterChips";
import { SearchQueryForm } from "./SearchQueryForm";
import { SearchResultCard, SearchResultsSkeleton } from "./SearchResultCard";
import {
  hasFilters,
  parseSearchParams,
  searchHref,
  SORTS,
  toApiQuery,
  toggleFilter,
  toSearchParams,
  withoutFilters,
} from "./searchParams";
import type { FacetName, SearchState } from "./searchParams";
import "./search.css";

function resultCount(data: SearchResults | undefined, q: string): string {
  if (!data) return " ";
  const what = q ? ` for “${q}”` : "";
  if (data.items.length === 0) return `${formatNumber(data.total)} results${what}`;
  const first = (data.page - 1) * data.per_page + 1;
  const last = first + data.items.length - 1;
  return `${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(data.total)} results${what}`;
}

function NoResults({ state }: { state: SearchState }) {
  return (
    <EmptyState title={state.q ? `Nothing matches “${state.q}”` : "Nothing matches these filters"}>
      <ul className="search-tips">
        {hasFilters(state) && (
          <li>
            <Link to={searchHref(withoutFilters(state))}>Search without the filters</Link>
          </li>
        )}
        {state.q && (
          <>
            <li>Check the spelling, or use fewer or more general words.</li>
            <li>
              End a word with * to find what starts with it (<code>cust*</code>).
            </li>
            <li>
              Try the <Link to="/datasets">list of all datasets</Link>.
            </li>
          </>
        )}
      </ul>
    </EmptyState>
  );
}

export function SearchPage() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseSearchParams(params), [params]);
  const query = useMemo(() => toApiQuery(state), [state]);
  const search = useSearch(query);
  useDocumentTitle(state.q ? `${state.q} – Search` : "Search");

  // A new page of results starts at the top (the pagination links are at the bottom).
  const shownPage = useRef(state.page);
  useEffect(() => {
    if (shownPage.current !== state.page) window.scrollTo({ top: 0 });
    shownPage.current = state.page;
  }, [state.page]);

  const go = (next: SearchState, replace = false) => setParams(toSearchParams(next), { replace });
  const hrefFor = useCallback((page: number) => searchHref({ ...state, page }), [state]);
  // Committed at once, not as a transition: a ticked box shows ticked right away, even
  // while the new results load (the router would otherwise hold the old state meanwhile).
  const toggle = (facet: FacetName, value: string) =>
    setParams(toSearchParams(toggleFilter(state, facet, value)), { flushSync: true });

  const data = search.data;
  // Facet counts of the previous search stay until the new ones come: no jump.
  const facets = data?.facets;

  let body;
  if (search.isPending) {
    body = <SearchResultsSkeleton count={5} />;
  } else if (search.isError && !data) {
    const refused = search.error instanceof ApiError && search.error.status === 422;
    body = (
      <ErrorState
        error={search.error}
        title={refused ? "This search cannot be run" : "The search failed"}
        onRetry={refused ? undefined : () => void search.refetch()}
      />
    );
  } else if (data && data.items.length === 0) {
    body =
      data.total > 0 ? (
        <PastLastPage title="This page is past the last result" lastHref={hrefFor(data.pages)} />
      ) : (
        <NoResults state={state} />
      );
  } else if (data) {
    body = (
      <ol className="search-results" aria-label="Results" aria-busy={search.isPlaceholderData || undefined}>
        {data.items.map((hit) => (
          <li key={hit.id}>
            <SearchResultCard hit={hit} />
          </li>
        ))}
      </ol>
    );
  }

  return (
    <div className="page search-page">
      <h1 className="visually-hidden">Search</h1>
      <SearchQueryForm q={state.q} onSearch={(q, { replace }) => go({ ...state, q, page: 1 }, replace)} />
      <div className="search-layout">
        <FacetSidebar facets={facets} filters={state.filters} onToggle={toggle} />
        <section className="search-main" aria-labelledby={`${id}-count`}>
          <div className="search-toolbar">
            <h2 id={`${id}-count`} className="result-count" aria-live="polite">
              {resultCount(data, data?.query ?? state.q)}
            </h2>
            <div className="field field-inline search-sort">
              <label htmlFor={`${id}-sort`}>Sort by</label>
              <select
                id={`${id}-sort`}
                value={state.sort}
                onChange={(event) => go({ ...state, sort: event.target.value as SearchSort, page: 1 })}
              >
                {SORTS.map((sort) => (
                  <option key={sort.value} value={sort.value}>
                    {sort.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <FilterChips
            filters={state.filters}
            facets={facets}
            onRemove={toggle}
            onClear={() => go(withoutFilters(state))}
          />
          {data?.suggestion && data.suggestion !== state.q && (
            <p className="did-you-mean">
              Did you mean{" "}
              <Link to={searchHref({ ...state, q: data.suggestion, page: 1 })}>
                <strong>{data.suggestion}</strong>
              </Link>
              ?
            </p>
          )}
          {search.isError && data && (
            <ErrorState error={search.error} title="The results could not be refreshed" onRetry={() => void search.refetch()} />
          )}
          {body}
          {data && data.items.length > 0 && (
            <Pagination page={data.page} pages={data.pages} hrefFor={hrefFor} />
          )}
        </section>
      </div>
    </div>
  );
}
