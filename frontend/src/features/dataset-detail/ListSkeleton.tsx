import { Skeleton } from "../../shared/ui/Skeleton";

/** Placeholder rows of a section's list while it loads, about as tall as the list will be. */
export function ListSkeleton({ label, rows = 4 }: { label: string; rows?: number }) {
  return (
    <div aria-busy="true">
      <p className="visually-hidden" role="status">
        {label}
      </p>
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="list-skeleton-row" aria-hidden="true">
          <Skeleton width="9rem" />
          <Skeleton width={`${60 - index * 7}%`} />
        </div>
      ))}
    </div>
  );
}
