import { Link } from "react-router-dom";
import { EmptyState } from "./EmptyState";

/** Page numbers to show: first, last, and a window around the current one; null is a gap. */
export function pageWindow(page: number, pages: number, radius = 2): (number | null)[] {
  const shown = new Set<number>([1, pages]);
  for (let p = page - radius; p <= page + radius; p++) if (p >= 1 && p <= pages) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  sorted.forEach((p, index) => {
    const previous = sorted[index - 1];
    if (previous !== undefined && p - previous > 1) out.push(previous + 1 === p - 1 ? previous + 1 : null);
    out.push(p);
  });
  return out;
}

/** Links to pages (they are addresses: they can be bookmarked and opened in a new tab). */
export function Pagination({ page, pages, hrefFor }: { page: number; pages: number; hrefFor: (page: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pagination">
      <ul>
        <li>
          {page > 1 ? (
            <Link to={hrefFor(page - 1)} rel="prev">
              ‹ Previous
            </Link>
          ) : (
            <span aria-disabled="true" className="pagination-disabled">
              ‹ Previous
            </span>
          )}
        </li>
        {pageWindow(page, pages).map((p, index) =>
          p === null ? (
            <li key={`gap-${index}`} aria-hidden="true" className="pagination-gap">
              …
            </li>
          ) : (
            <li key={p}>
              <Link to={hrefFor(p)} aria-current={p === page ? "page" : undefined} aria-label={`Page ${p}`}>
                {p}
              </Link>
            </li>
          ),
        )}
        <li>
          {page < pages ? (
            <Link to={hrefFor(page + 1)} rel="next">
              Next ›
            </Link>
          ) : (
            <span aria-disabled="true" className="pagination-disabled">
              Next ›
            </span>
          )}
        </li>
      </ul>
    </nav>
  );
}

/** An address that asks for a page past the end (a bookmark of a list that shrank): a way back. */
export function PastLastPage({ title = "This page is past the end of the list", lastHref }: { title?: string; lastHref: string }) {
  return (
    <EmptyState title={title}>
      <p>
        <Link to={lastHref}>Go to the last page</Link>
      </p>
    </EmptyState>
  );
}
