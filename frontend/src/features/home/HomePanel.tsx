import { useId } from "react";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { errorMessage } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";

/** One box of the home page: a title, a link to the full list, and its content or state. */
export function HomePanel({
  title,
  more,
  className = "",
  children,
}: {
  title: string;
  more?: { to: string; label: string };
  className?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section className={`section home-panel ${className}`.trim()} aria-labelledby={`${id}-title`}>
      <div className="section-header">
        <h2 id={`${id}-title`}>{title}</h2>
        {more && (
          <Link to={more.to} className="home-panel-more">
            {more.label}
          </Link>
        )}
      </div>
      {children}
    </section>
  );
}

/** Rows of the size real ones take, so the panel does not grow when they come. */
export function PanelSkeleton({ rows }: { rows: number }) {
  return (
    <ul className="home-list" aria-hidden="true">
      {Array.from({ length: rows }, (_, index) => (
        <li key={index}>
          <Skeleton width="55%" />
          <Skeleton width="35%" height="0.75rem" className="skeleton-gap" />
        </li>
      ))}
    </ul>
  );
}

/** A failed panel: the API's message and a retry, without taking the page down. */
export function PanelError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <div className="home-panel-error" role="alert">
      <p>{errorMessage(error)}</p>
      <button type="button" className="btn btn-small" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

export function PanelEmpty({ children }: { children: ReactNode }) {
  return <p className="muted home-panel-empty">{children}</p>;
}
