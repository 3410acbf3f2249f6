import { useId, useState } from "react";
import type { FacetValue } from "../../api/types";
import { formatNumber } from "../../shared/format";
import { Skeleton } from "../../shared/ui/Skeleton";
import { facetValueLabel } from "./facetLabels";
import { FACET_TITLES, FACETS } from "./searchParams";
import type { FacetName, Filters } from "./searchParams";

/** Values shown before "Show all": the busiest ones, which the API lists first. */
const SHOWN_VALUES = 8;

function FacetGroup({
  facet,
  counted,
  selected,
  onToggle,
}: {
  facet: FacetName;
  counted: readonly FacetValue[];
  selected: readonly string[];
  onToggle: (facet: FacetName, value: string) => void;
}) {
  const id = useId();
  const [expanded, setExpanded] = useState(false);
  // A selected value stays listed (and can be unticked) even when nothing carries it any more.
  const missing = selected.filter((value) => !counted.some((entry) => entry.value === value));
  const values: FacetValue[] = [
    ...counted,
    ...missing.map((value) => ({ value, label: facetValueLabel(facet, value), count: 0 })),
  ];
  if (values.length === 0) return null;
  const hidden = expanded ? 0 : Math.max(0, values.length - SHOWN_VALUES);
  // Selected values are never hidden behind "Show all".
  const shown = hidden
    ? values.filter((entry, index) => index < SHOWN_VALUES || selected.includes(entry.value))
    : values;

  return (
    <fieldset className="facet">
      <legend className="facet-title">{FACET_TITLES[facet]}</legend>
      <ul id={`${id}-values`} className="facet-values">
        {shown.map((entry) => {
          const checked = selected.includes(entry.value);
          const label = facetValueLabel(facet, entry.value, counted);
          return (
            <li key={entry.value}>
              <label className="facet-value" title={label}>
                <input type="checkbox" checked={checked} onChange={() => onToggle(facet, entry.value)} />
                <span className="facet-label">{label}</span>
                <span className="facet-count" aria-label={`${formatNumber(entry.count)} results`}>
                  {formatNumber(entry.count)}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      {values.length > SHOWN_VALUES && (
        <button
          type="button"
          className="btn btn-link btn-small facet-more"
          aria-expanded={expanded}
          aria-controls={`${id}-values`}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? "Show fewer" : `Show all ${formatNumber(values.length)}`}
          <span className="visually-hidden"> {FACET_TITLES[facet].toLowerCase()} values</span>
        </button>
      )}
    </fieldset>
  );
}

/** Counts per facet value; ticking values narrows the results (any of them within a facet). */
export function FacetSidebar({
  facets,
  filters,
  onToggle,
}: {
  facets: Record<string, FacetValue[]> | undefined;
  filters: Filters;
  onToggle: (facet: FacetName, value: string) => void;
}) {
  return (
    <aside className="facet-sidebar" aria-label="Filters">
      <h2 className="visually-hidden">Filters</h2>
      {facets
        ? FACETS.map((facet) => (
            <FacetGroup
              key={facet}
              facet={facet}
              counted={facets[facet] ?? []}
              selected={filters[facet] ?? []}
              onToggle={onToggle}
            />
          ))
        : FACETS.slice(0, 4).map((facet) => (
            <div key={facet} className="facet" aria-hidden="true">
              <Skeleton width="40%" height="0.875rem" />
              {[80, 65, 70].map((width) => (
                <Skeleton key={width} width={`${width}%`} className="skeleton-gap" />
              ))}
            </div>
          ))}
    </aside>
  );
}
