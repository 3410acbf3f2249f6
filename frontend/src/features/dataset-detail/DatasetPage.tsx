import { useParams } from "react-router-dom";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { TagList } from "../../shared/ui/TagChip";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { NotFoundPage } from "../errors/NotFoundPage";
import { ApiError } from "../../api/errors";
import { parseDatasetId, useDataset } from "./api";
import { ColumnsTable } from "./ColumnsTable";
import { DatasetDescription } from "./DatasetDescription";
import { DatasetHeader } from "./DatasetHeader";
import "./dataset-detail.css";

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
      <div className="section" aria-hidden="true">
        <Skeleton width="8rem" height="1.25rem" />
        <Skeleton width="90%" className="skeleton-gap" />
        <Skeleton width="75%" className="skeleton-gap" />
      </div>
    </div>
  );
}

export function DatasetPage() {
  const { datasetId } = useParams();
  const id = parseDatasetId(datasetId);
  const dataset = useDataset(id);
  useDocumentTitle(dataset.data?.name ?? "Dataset");

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
  return (
    <article className="page dataset-page">
      <DatasetHeader dataset={data} />
      <div className="dataset-body">
        <DatasetDescription dataset={data} />
        <section className="section" aria-labelledby="tags-title">
          <h2 id="tags-title">Tags</h2>
          {data.tags.length > 0 ? <TagList tags={data.tags} /> : <p className="muted">No tags yet.</p>}
        </section>
      </div>
      <ColumnsTable columns={data.columns} />
    </article>
  );
}

export default DatasetPage;
