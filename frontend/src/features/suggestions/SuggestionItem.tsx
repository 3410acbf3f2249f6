import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import type { SourceSuggestion } from "../../api/types";
import { formatDate, formatDateTime } from "../../shared/format";
import { Skeleton } from "../../shared/ui/Skeleton";
import { STATUS_LABELS } from "./status";

export function StatusBadge({ status }: { status: SourceSuggestion["status"] }) {
  const { label, hint } = STATUS_LABELS[status];
  return (
    <span className={`badge suggestion-status suggestion-status-${status}`} title={hint}>
      {label}
    </span>
  );
}

/** The source a suggestion became (planned) or duplicates, linked where it can be seen. */
function LinkedSource({ suggestion, sourceHref }: { suggestion: SourceSuggestion; sourceHref: (key: string, planned: boolean) => string | null }) {
  const source = suggestion.source;
  if (!source) return null;
  const href = sourceHref(source.key, source.planned);
  const name = (
    <>
      {source.name} <span className="subtle">({source.key})</span>
    </>
  );
  return (
    <div>
      <dt>{suggestion.status === "duplicate" ? "Same as" : "Source"}</dt>
      <dd>
        {href ? <Link to={href}>{name}</Link> : name}
        {source.planned && <span className="subtle"> · planned, not connected yet</span>}
      </dd>
    </div>
  );
}

/** One suggestion: what was asked for, by whom, and what IT decided; `children` adds actions. */
export function SuggestionItem({
  suggestion,
  sourceHref,
  children,
}: {
  suggestion: SourceSuggestion;
  sourceHref: (key: string, planned: boolean) => string | null;
  children?: ReactNode;
}) {
  const titleId = `suggestion-${suggestion.id}-title`;
  return (
    <article className="suggestion-item" aria-labelledby={titleId}>
      <header className="suggestion-item-header">
        <h2 id={titleId} className="suggestion-name">
          {suggestion.name}
        </h2>
        <StatusBadge status={suggestion.status} />
      </header>
      <p className="subtle">
        {suggestion.system} · {suggestion.domain ? suggestion.domain.name : "No particular domain"} · suggested by{" "}
        {suggestion.author?.display_name || suggestion.author?.username || "a former user"} on{" "}
        <time dateTime={suggestion.created_at} title={formatDateTime(suggestion.created_at)}>
          {formatDate(suggestion.created_at)}
        </time>
      </p>
      <dl className="facts suggestion-facts">
        <div>
          <dt>What it holds</dt>
          <dd className="plain-text clamp-3">{suggestion.contents}</dd>
        </div>
        <div>
          <dt>Why</dt>
          <dd className="plain-text clamp-3">{suggestion.justification}</dd>
        </div>
        {suggestion.contact && (
          <div>
            <dt>Contact</dt>
            <dd>{suggestion.contact}</dd>
          </div>
        )}
        {suggestion.triaged_at && (
          <div>
            <dt>Decided</dt>
            <dd>
              {formatDate(suggestion.triaged_at)}
              {suggestion.triaged_by && ` by ${suggestion.triaged_by.display_name || suggestion.triaged_by.username}`}
            </dd>
          </div>
        )}
        {suggestion.reason && (
          <div>
            <dt>Note from IT</dt>
            <dd className="plain-text">{suggestion.reason}</dd>
          </div>
        )}
        <LinkedSource suggestion={suggestion} sourceHref={sourceHref} />
      </dl>
      {children}
    </article>
  );
}

export function SuggestionListSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading suggestions…
      </p>
      <ul className="suggestion-list" aria-hidden="true">
        {Array.from({ length: rows }, (_, index) => (
          <li key={index} className="suggestion-item suggestion-skeleton">
            <Skeleton width="40%" height="1.25rem" />
            <Skeleton width="70%" className="skeleton-gap" />
            <Skeleton width="90%" className="skeleton-gap" />
          </li>
        ))}
      </ul>
    </div>
  );
}
