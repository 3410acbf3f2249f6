import type { FacetValue } from "../../api/types";
import type { DatasetKind } from "../../api/types";
import { KIND_LABELS } from "../../shared/ui/KindBadge";
import type { FacetName } from "./searchParams";

const FIXED_LABELS: Partial<Record<FacetName, Record<string, string>>> = {
  kind: KIND_LABELS satisfies Record<DatasetKind, string>,
  personal_data: { yes: "Declared", no: "None declared" },
  trust: { endorsed: "Endorsed", warning: "Warning", deprecated: "Deprecated" },
};

/**
 * What to show for a facet value: our own words for the fixed lists, the API's label for the
 * others (a domain's or source's name, a tag's label), else the value itself.
 */
export function facetValueLabel(facet: FacetName, value: string, counted?: readonly FacetValue[]): string {
  const fixed = FIXED_LABELS[facet]?.[value];
  if (fixed) return fixed;
  const label = counted?.find((entry) => entry.value === value)?.label;
  return label || value;
}
