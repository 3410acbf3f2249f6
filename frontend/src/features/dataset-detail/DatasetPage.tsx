import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useRef } from "react";
import { useParams } from "react-router-dom";
import { ApiError } from "../../api/errors";
import type { DatasetDetail } from "../../api/types";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { TagList } from "../../shared/ui/TagChip";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { NotFoundPage } from "../errors/NotFoundPage";
import { lineageQuery, parseLineageParams } from "../lineage/api";
import { ActivitySection } from "./ActivitySection";
import { activityQuery, commentsQuery, parseDatasetId, qualityIssuesQuery, recordView, useDataset } from "./api";
import { ColumnsTable } from "./ColumnsTable";
import { DatasetDescription } from "./DatasetDescription";
import { DatasetHeader } from "./DatasetHeader";
import { DatasetTabs, panelId, tabId, useDatasetTab } from "./DatasetTabs";
import type { DatasetTab } from "./DatasetTabs";
import { DiscussionSection } from "./DiscussionSection";
import { ListSkeleton } from "./ListSkeleton";
import { ProposalsSection } from "./ProposalsSection";
import { QualitySection } from "./QualitySection";
import "./dataset-detail.css";

// The graph is the heaviest section: its code loads when the tab is first shown (or hovered).
const loadLineage = () => import("../lineage/LineagePanel");
const LineagePanel = lazy(loadLineage);

function DatasetSkeleton() {
  return (
    <div className="page" aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading the dataset…
      </p>
      <div className="dataset-header" aria-hidden="true">
        <Skeleton width="12rem" height="0.875rem" />
        <Skeleton width="20rem" height="2rem" className="skeleton-gap" />
        <Skeleton width="28rem" height="1rem" className="skeleton-gap" />
        <Skeleton width="100%" height="3.5rem" className="skeleton-gap" />
      </div>
      <div className="dataset-tabs" aria-hidden="true">
        <Skeleton width="28rem" height="2.25rem" />
      </div>
      <div className="section" aria-hidden="true">
        <Skeleton width="8rem" height="1.25rem" />
        <Skeleton width="90%" className="skeleton-gap" />
        <Skeleton width="75%" className="skeleton-gap" />
      </div>
    </div>
  );
}

/** Record one view per page open (not per re-render, nor twice in development's strict mode). */
function useRecordView(datasetId: number | null) {
  const recorded = useRef<number | null>(null);
  useEffect(() => {
    if (datasetId === null || recorded.current === datasetId) return;
    recorded.current = datasetId;
    void recordView(datasetId);
  }, [datasetId]);
}

function Overview({ dataset }: { dataset: DatasetDetail }) {
  return (
    <>
      <div className="dataset-body">
        <DatasetDescription dataset={dataset} />
        <div className="dataset-aside">
          <section className="section" aria-labelledby="tags-title">
            <h2 id="tags-title">Tags</h2>
            {dataset.tags.length > 0 ? <TagList tags={dataset.tags} /> : <p className="muted">No tags yet.</p>}
          </section>
          <ProposalsSection dataset={dataset} />
        </div>
      </div>
      <ColumnsTable dataset={dataset} />
    </>
  );
}

function Panel({ tab, dataset }: { tab: DatasetTab; dataset: DatasetDetail }) {
  switch (tab) {
    case "overview":
      return <Overview dataset={dataset} />;
    case "lineage":
      return (
        <Suspense fallback={<ListSkeleton label="Loading the lineage…" />}>
          <LineagePanel datasetId={dataset.id} />
        </Suspense>
      );
    case "activity":
      return <ActivitySection datasetId={dataset.id} />;
    case "quality":
      return <QualitySection dataset={dataset} />;
    case "discussion":
      return <DiscussionSection dataset={dataset} />;
  }
}

/** Fetch a tab's first page (and code) as soon as someone points at it, before they click. */
function usePrefetchTab(datasetId: number | null) {
  const queryClient = useQueryClient();
  return (tab: DatasetTab) => {
    if (datasetId === null) return;
    switch (tab) {
      case "lineage": {
        const { direction, depth } = parseLineageParams(new URLSearchParams());
        void loadLineage();
        void queryClient.prefetchQuery(lineageQuery(datasetId, direction, depth));
        break;
      }
      case "activity":
        void queryClient.prefetchQuery(activityQuery(datasetId, 1));
        break;
      case "quality":
        void queryClient.prefetchQuery(qualityIssuesQuery(datasetId, 1, null));
        break;
      case "discussion":
        void queryClient.prefetchQuery(commentsQuery(datasetId, 1));
        break;
      case "overview":
        break;
    }
  };
}

/** A number beside a tab's name ("Quality issues 3"), read out as ", 3 open". */
function TabCount({ count, meaning, pending = false }: { count: number; meaning: string; pending?: boolean }) {
  if (count === 0) return null;
  return (
    <>
      <span className={pending ? "tab-count tab-count-pending" : "tab-count"} aria-hidden="true">
        {count}
      </span>
      <span className="visually-hidden">
        , {count} {meaning}
      </span>
    </>
  );
}

export function DatasetPage() {
  const { datasetId } = useParams();
  const id = parseDatasetId(datasetId);
  const dataset = useDataset(id);
  const [tab, selectTab] = useDatasetTab();
  const prefetch = usePrefetchTab(id);
  useDocumentTitle(dataset.data?.name ?? "Dataset");
  useRecordView(dataset.data ? id : null);

  if (id === null || (dataset.error instanceof ApiError && dataset.error.notFound)) {
    return <NotFoundPage what="dataset" />;
  }
  if (dataset.isPending) return <DatasetSkeleton />;
  if (dataset.isError) {
    return (
      <div className="page">
        <ErrorState error={dataset.error} title="The dataset could not be loaded" onRetry={() => void dataset.refetch()} />
      </div>
    );
  }
  const data = dataset.data;
  const openIssues = data.open_quality_issues;
  return (
    <article className="page dataset-page">
      <DatasetHeader dataset={data} />
      <DatasetTabs
        current={tab}
        onSelect={selectTab}
        onIntent={prefetch}
        badges={{
          overview: <TabCount count={data.proposals.length} meaning="pending review" pending />,
          quality: <TabCount count={openIssues} meaning="open" />,
        }}
      />
      <div className="dataset-panel" role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)}>
        <Panel key={`${data.id}-${tab}`} tab={tab} dataset={data} />
      </div>
    </article>
  );
}

export default DatasetPage;
