import { Link } from "react-router-dom";
import type { SearchHit } from "../../api/types";
import { formatDate } from "../../shared/format";
import { stripMarkdown } from "../../shared/markdown/stripMarkdown";
import { KindBadge } from "../../shared/ui/KindBadge";
import { Skeleton } from "../../shared/ui/Skeleton";
import { TagList } from "../../shared/ui/TagChip";
import { TrustBadge } from "../../shared/ui/TrustBadge";
import { categoryLabel } from "../contribute/personalData";
import { Highlighted } from "./Highlighted";

/** The matched part of the description, else its start as plain text. */
function Description({ hit }: { hit: SearchHit }) {
  const fragments = hit.highlights.description ?? hit.highlights.technical_description;
  if (fragments?.length) {
    return (
      <p className="search-hit-description">
        <Highlighted fragments={fragments} />
      </p>
    );
  }
  const preview = typeof hit.description === "string" ? stripMarkdown(hit.description) : "";
  return preview ? (
    <p className="search-hit-description clamp-2">{preview}</p>
  ) : (
    <p className="search-hit-description muted">No description</p>
  );
}

/** Columns whose name matched: a column hit shows its dataset, and why. */
function MatchedColumns({ hit }: { hit: SearchHit }) {
  if (hit.matched_columns.length === 0) return null;
  return (
    <div className="search-hit-columns">
      <span className="muted">Matching columns:</span>
      <ul aria-label="Matching columns">
        {hit.matched_columns.map((column) => {
          const fragments = hit.highlights[`column:${column}`];
          return (
            <li key={column}>
              <code>{fragments?.length ? <Highlighted fragments={fragments} /> : column}</code>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function SearchResultCard({ hit }: { hit: SearchHit }) {
  const name = hit.highlights.name;
  return (
    <article className="search-hit" aria-labelledby={`hit-${hit.id}`}>
      <div className="search-hit-title">
        <h3 id={`hit-${hit.id}`}>
          {/* Named by the plain text: marks inside would be read out piece by piece. */}
          <Link to={`/datasets/${hit.id}`} aria-label={hit.name}>
            {name?.length ? <Highlighted fragments={name} /> : hit.name}
          </Link>
        </h3>
        <KindBadge kind={hit.kind} />
        {hit.trust && <TrustBadge level={hit.trust} />}
        {hit.personal_data.length > 0 && (
          <span className="badge badge-personal-data">Personal data: {hit.personal_data.map(categoryLabel).join(", ")}</span>
        )}
        {hit.removed_at && <span className="badge badge-removed">Removed</span>}
      </div>
      <p className="search-hit-meta">
        <span className="truncate" title={hit.qualified_name}>
          {hit.qualified_name}
        </span>
        <span>{hit.domain ? hit.domain.name : "No domain"}</span>
        <span>
          {hit.source.name} <span className="muted">({hit.source.platform})</span>
        </span>
        <span>Updated {formatDate(hit.updated_at)}</span>
      </p>
      <Description hit={hit} />
      <MatchedColumns hit={hit} />
      <TagList tags={hit.tags} limit={6} />
    </article>
  );
}

/** Cards of the same height as real ones, so nothing moves when results arrive. */
export function SearchResultsSkeleton({ count }: { count: number }) {
  return (
    <div className="search-results" aria-hidden="true">
      {Array.from({ length: count }, (_, index) => (
        <div key={index} className="search-hit">
          <Skeleton width="35%" height="1.125rem" />
          <Skeleton width="55%" height="0.8125rem" className="skeleton-gap" />
          <Skeleton width="90%" className="skeleton-gap" />
          <Skeleton width="20%" height="1.25rem" className="skeleton-gap" />
        </div>
      ))}
    </div>
  );
}
