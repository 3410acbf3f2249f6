import { useCallback, useMemo } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { ApiError } from "../../api/errors";
import { formatNumber } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Pagination, PastLastPage } from "../../shared/ui/Pagination";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { useDatasetPage } from "./api";
import { DatasetFilters } from "./DatasetFilters";
import { DatasetTable, DatasetTableSkeleton } from "./DatasetTable";
import { hasFilters, listHref, parseListParams, toApiQuery, toSearchParams } from "./listParams";
import type { DatasetListState } from "./listParams";
import "./datasets.css";

const SKELETON_ROWS = 10;

export function DatasetsPage() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseListParams(params), [params]);
  const query = useMemo(() => toApiQuery(state), [state]);
  const datasets = useDatasetPage(query);
  useDocumentTitle("Datasets");

  const hrefFor = useCallback((page: number) => listHref({ ...state, page }), [state]);

  function change(next: Partial<DatasetListState>) {
    // Any change of filter, sort or page size starts again from the first page.
    setParams(toSearchParams({ ...state, ...next, page: 1 }));
  }

  const clearFiltersHref = listHref({ ...state, domain: null, source: null, tags: [], kind: null, page: 1 });
  const data = datasets.data;

  let body;
  if (datasets.isPending) {
    body = <DatasetTableSkeleton rows={Math.min(SKELETON_ROWS, state.perPage)} />;
  } else if (datasets.isError && !data) {
    const badFilter = datasets.error instanceof ApiError && datasets.error.status === 422;
    body = (
      <ErrorState
        error={datasets.error}
        title={badFilter ? "These filters cannot be applied" : "The datasets could not be loaded"}
        onRetry={badFilter ? undefined : () => void datasets.refetch()}
      >
        {badFilter && (
          <p>
            <Link to={clearFiltersHref}>Clear the filters</Link>
          </p>
        )}
      </ErrorState>
    );
  } else if (data && data.items.length === 0) {
    body =
      data.total > 0 ? (
        <PastLastPage lastHref={hrefFor(data.pages)} />
      ) : hasFilters(state) ? (
        <EmptyState title="No dataset matches these filters">
          <p>
            <Link to={clearFiltersHref}>Clear the filters</Link> to see every dataset.
          </p>
        </EmptyState>
      ) : (
        <EmptyState title="The catalog has no datasets yet">
          <p>Datasets appear here once a connector has read a source.</p>
        </EmptyState>
      );
  } else if (data) {
    body = <DatasetTable datasets={data.items} busy={datasets.isFetching} />;
  }

  const first = data ? (data.page - 1) * data.per_page + 1 : 0;
  const last = data ? first + data.items.length - 1 : 0;

  return (
    <div className="page">
      <div className="page-header">
        <h1>Datasets</h1>
        <p className="result-count" aria-live="polite">
          {data && data.items.length > 0
            ? `${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(data.total)} datasets`
            : data
              ? `${formatNumber(data.total)} datasets`
              : " "}
        </p>
      </div>
      {state.q && (
        // The list has no text filter; an address with one (an old bookmark) is pointed to the search.
        <div className="alert alert-info" role="status">
          This list is not filtered by text.{" "}
          <Link to={`/search?${new URLSearchParams({ q: state.q }).toString()}`}>Search the catalog for “{state.q}”</Link>{" "}
          or <Link to={listHref({ ...state, q: "", page: 1 })}>dismiss</Link>.
        </div>
      )}
      <DatasetFilters state={state} onChange={change} />
      {datasets.isError && data && (
        <ErrorState error={datasets.error} title="The list could not be refreshed" onRetry={() => void datasets.refetch()} />
      )}
      {body}
      {data && <Pagination page={data.page} pages={data.pages} hrefFor={hrefFor} />}
    </div>
  );
}
