import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import type { DatasetKind, DatasetSummary } from "../../api/types";
import { KindBadge } from "../../shared/ui/KindBadge";

/** What a short dataset list needs; search hits and dataset summaries both have it. */
type DatasetLine = Pick<DatasetSummary, "id" | "name" | "qualified_name" | "domain" | "source"> & { kind: DatasetKind };

/** Datasets as links, with where they live; `aside` adds a note per line (e.g. when viewed). */
export function DatasetLinks<T extends DatasetLine>({
  datasets,
  label,
  aside,
}: {
  datasets: readonly T[];
  label: string;
  aside?: (dataset: T) => ReactNode;
}) {
  return (
    <ul className="home-list" aria-label={label}>
      {datasets.map((dataset) => (
        <li key={dataset.id}>
          <div className="home-list-title">
            <Link to={`/datasets/${dataset.id}`} className="truncate" title={dataset.qualified_name}>
              {dataset.name}
            </Link>
            <KindBadge kind={dataset.kind} />
          </div>
          <p className="home-list-meta">
            <span>{dataset.domain?.name ?? "No domain"}</span>
            <span>{dataset.source.name}</span>
            {aside?.(dataset)}
          </p>
        </li>
      ))}
    </ul>
  );
}
