import { Link } from "react-router-dom";
import type { DatasetSummary } from "../../api/types";
import { formatNumber } from "../../shared/format";
import { stripMarkdown } from "../../shared/markdown/stripMarkdown";
import { KindBadge } from "../../shared/ui/KindBadge";
import { Skeleton } from "../../shared/ui/Skeleton";
import { TagList } from "../../shared/ui/TagChip";

/** The API documents `description` without a type; accept only text. */
function previewOf(dataset: DatasetSummary): string {
  return typeof dataset.description === "string" ? stripMarkdown(dataset.description) : "";
}

function Header() {
  return (
    <thead>
      <tr>
        <th scope="col" className="col-name">
          Name
        </th>
        <th scope="col" className="col-kind">
          Kind
        </th>
        <th scope="col" className="col-domain">
          Domain
        </th>
        <th scope="col" className="col-source">
          Source
        </th>
        <th scope="col" className="col-description">
          Description
        </th>
        <th scope="col" className="col-tags">
          Tags
        </th>
        <th scope="col" className="col-count numeric">
          Columns
        </th>
      </tr>
    </thead>
  );
}

export function DatasetTable({ datasets, busy = false }: { datasets: DatasetSummary[]; busy?: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data-table dataset-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">Datasets</caption>
        <Header />
        <tbody>
          {datasets.map((dataset) => {
            const preview = previewOf(dataset);
            return (
              <tr key={dataset.id} className="dataset-row">
                <td className="col-name">
                  <Link to={`/datasets/${dataset.id}`} className="dataset-link">
                    {dataset.name}
                  </Link>
                  <span className="subtle truncate" title={dataset.qualified_name}>
                    {dataset.qualified_name}
                  </span>
                  {dataset.removed_at && <span className="badge badge-removed">Removed</span>}
                </td>
                <td className="col-kind">
                  <KindBadge kind={dataset.kind} />
                </td>
                <td className="col-domain">
                  {dataset.domain ? (
                    <Link to={`/datasets?domain=${encodeURIComponent(dataset.domain.key)}`} className="quiet-link">
                      {dataset.domain.name}
                    </Link>
                  ) : (
                    <span className="subtle">—</span>
                  )}
                </td>
                <td className="col-source">
                  <span className="cell-lines">
                    <span title={dataset.source.name}>{dataset.source.name}</span>
                    <span className="subtle">{dataset.source.platform}</span>
                  </span>
                </td>
                <td className="col-description">
                  {preview ? (
                    <span className="clamp-2" title={preview}>
                      {preview}
                    </span>
                  ) : (
                    <span className="subtle">No description</span>
                  )}
                </td>
                <td className="col-tags">
                  <TagList tags={dataset.tags} limit={2} />
                </td>
                <td className="col-count numeric">{formatNumber(dataset.column_count)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Same table, same row heights, grey bars: nothing moves when the data arrives. */
export function DatasetTableSkeleton({ rows }: { rows: number }) {
  return (
    <div className="table-wrap" aria-hidden="true">
      <table className="data-table dataset-table">
        <Header />
        <tbody>
          {Array.from({ length: rows }, (_, index) => (
            <tr key={index} className="dataset-row">
              <td className="col-name">
                <Skeleton width="70%" height="1rem" />
                <Skeleton width="50%" height="0.75rem" className="skeleton-gap" />
              </td>
              <td className="col-kind">
                <Skeleton width="3.5rem" height="1.25rem" />
              </td>
              <td className="col-domain">
                <Skeleton width="70%" />
              </td>
              <td className="col-source">
                <Skeleton width="70%" />
              </td>
              <td className="col-description">
                <Skeleton width="95%" />
                <Skeleton width="60%" className="skeleton-gap" />
              </td>
              <td className="col-tags">
                <Skeleton width="4rem" height="1.25rem" />
              </td>
              <td className="col-count numeric">
                <Skeleton width="2rem" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
