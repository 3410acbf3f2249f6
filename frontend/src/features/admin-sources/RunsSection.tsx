import { useNavigate, useSearchParams } from "react-router-dom";
import { formatNumber } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { errorMessage, ErrorState } from "../../shared/ui/ErrorState";
import { Pagination } from "../../shared/ui/Pagination";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useSourceRuns, useStartRun } from "./api";
import { RunTable } from "./RunTable";

function pageFrom(params: URLSearchParams): number {
  const page = Number(params.get("page"));
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/** The source's runs (crawls, pushed batches, OpenLineage events), and "Run now" for a crawl. */
export function RunsSection({ sourceKey }: { sourceKey: string }) {
  const [params] = useSearchParams();
  const page = pageFrom(params);
  const runs = useSourceRuns(sourceKey, page);
  const start = useStartRun(sourceKey);
  const navigate = useNavigate();

  let body;
  if (runs.isPending) {
    body = (
      <div className="table-frame skeleton-table" aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading the runs…
        </p>
        {Array.from({ length: 4 }, (_, index) => (
          <Skeleton key={index} height="2.75rem" className="skeleton-gap" />
        ))}
      </div>
    );
  } else if (runs.isError) {
    body = <ErrorState error={runs.error} title="The runs could not be loaded" onRetry={() => void runs.refetch()} />;
  } else if (runs.data.items.length === 0) {
    body = (
      <EmptyState title={runs.data.total > 0 ? "This page is past the last run" : "No runs yet"}>
        <p>Crawls, batches pushed by connectors and OpenLineage events are listed here.</p>
      </EmptyState>
    );
  } else {
    body = (
      <>
        <RunTable runs={runs.data.items} busy={runs.isPlaceholderData} />
        <Pagination page={runs.data.page} pages={runs.data.pages} hrefFor={(p) => `?page=${p}`} />
      </>
    );
  }

  return (
    <section className="section" aria-labelledby="runs-title">
      <div className="section-header">
        <h2 id="runs-title">
          Runs {runs.data && runs.data.total > 0 && <span className="subtle">({formatNumber(runs.data.total)})</span>}
        </h2>
        <button
          type="button"
          className="btn btn-primary"
          disabled={start.isPending}
          onClick={() => start.mutate(undefined, { onSuccess: (run) => navigate(`/admin/runs/${run.id}`) })}
        >
          {start.isPending ? "Starting…" : "Run now"}
        </button>
      </div>
      {start.isError && (
        <p className="alert alert-error" role="alert">
          The crawl was not started: {errorMessage(start.error)}
        </p>
      )}
      {body}
    </section>
  );
}
