import type { FacetValue } from "../../api/types";
import { facetValueLabel } from "./facetLabels";
import { FACET_TITLES, FACETS } from "./searchParams";
import type { FacetName, Filters } from "./searchParams";

/** The filters in force, each removable; "Clear all" when there are several. */
export function FilterChips({
  filters,
  facets,
  onRemove,
  onClear,
}: {
  filters: Filters;
  facets: Record<string, FacetValue[]> | undefined;
  onRemove: (facet: FacetName, value: string) => void;
  onClear: () => void;
}) {
  const chips = FACETS.flatMap((facet) => (filters[facet] ?? []).map((value) => ({ facet, value })));
  if (chips.length === 0) return null;
  return (
    <div className="filter-chips">
      <ul aria-label="Filters in force">
        {chips.map(({ facet, value }) => {
          const label = facetValueLabel(facet, value, facets?.[facet]);
          return (
            <li key={`${facet}:${value}`}>
              <button
                type="button"
                className="filter-chip"
                onClick={() => onRemove(facet, value)}
                aria-label={`Remove filter ${FACET_TITLES[facet]}: ${label}`}
              >
                <span className="filter-chip-facet">{FACET_TITLES[facet]}:</span> <span className="truncate">{label}</span>
                <span aria-hidden="true" className="filter-chip-x">
                  ×
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {chips.length > 1 && (
        <button type="button" className="btn btn-link btn-small" onClick={onClear}>
          Clear all filters
        </button>
      )}
    </div>
  );
}
