/**
 * The search page's state lives in the address (/search?q=&domain=&tag=&sort=&page=), so a
 * search can be bookmarked, shared and walked with Back. These functions are the only
 * translation between the query string and the API's query parameters.
 */
import { DATASET_KINDS } from "../../api/types";
import type { SearchQuery, SearchSort } from "../../api/types";
import { pageParam, withQuery } from "../../shared/urlParams";

/** The facets a search can be narrowed by, in the order the sidebar shows them. */
export const FACETS = [
  "domain",
  "platform",
  "source",
  "kind",
  "tag",
  "personal_data",
  "personal_data_category",
  "owner",
  "trust",
] as const satisfies readonly (keyof SearchQuery)[];

export type FacetName = (typeof FACETS)[number];
export type Filters = Partial<Record<FacetName, string[]>>;

export const FACET_TITLES: Record<FacetName, string> = {
  domain: "Domain",
  platform: "Platform",
  source: "Source",
  kind: "Kind",
  tag: "Tag",
  personal_data: "Personal data",
  personal_data_category: "Personal data category",
  owner: "Owner",
  trust: "Trust",
};

type Choices<Name extends FacetName> = NonNullable<SearchQuery[Name]>[number];

// Facets whose values the API checks against a list: others from the address would be a 422.
const PERSONAL_DATA: readonly Choices<"personal_data">[] = ["yes", "no"];
const TRUST: readonly Choices<"trust">[] = ["endorsed", "warning", "deprecated"];
const CLOSED_FACETS: Partial<Record<FacetName, readonly string[]>> = {
  kind: DATASET_KINDS,
  personal_data: PERSONAL_DATA,
  trust: TRUST,
};

export const SORTS: { value: SearchSort; label: string }[] = [
  { value: "relevance", label: "Relevance" },
  { value: "name", label: "Name (A–Z)" },
  { value: "updated", label: "Recently updated" },
  { value: "popularity", label: "Most viewed" },
];
export const DEFAULT_SORT: SearchSort = "relevance";
export const PER_PAGE = 20;
/** The API's limits: longer text or more values per facet are refused. */
export const MAX_QUERY_LENGTH = 1000;
const MAX_FILTER_VALUES = 50;
const MAX_VALUE_LENGTH = 255;

export interface SearchState {
  q: string;
  filters: Filters;
  sort: SearchSort;
  page: number;
}

function valuesOf(params: URLSearchParams, facet: FacetName): string[] {
  const allowed = CLOSED_FACETS[facet];
  const values = params
    .getAll(facet)
    .filter((value) => value && value.length <= MAX_VALUE_LENGTH && (!allowed || allowed.includes(value)));
  return [...new Set(values)].slice(0, MAX_FILTER_VALUES);
}

export function parseSearchParams(params: URLSearchParams): SearchState {
  const filters: Filters = {};
  for (const facet of FACETS) {
    const values = valuesOf(params, facet);
    if (values.length) filters[facet] = values;
  }
  const sort = params.get("sort");
  return {
    q: (params.get("q") ?? "").trim().slice(0, MAX_QUERY_LENGTH),
    filters,
    sort: SORTS.some((s) => s.value === sort) ? (sort as SearchSort) : DEFAULT_SORT,
    page: pageParam(params),
  };
}

/** The query string for a state; defaults are left out so addresses stay short. */
export function toSearchParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const facet of FACETS) for (const value of state.filters[facet] ?? []) params.append(facet, value);
  if (state.sort !== DEFAULT_SORT) params.set("sort", state.sort);
  if (state.page > 1) params.set("page", String(state.page));
  return params;
}

export function searchHref(state: Partial<SearchState>): string {
  return withQuery("/search", toSearchParams({ q: "", filters: {}, sort: DEFAULT_SORT, page: 1, ...state }));
}

/** The API query for a state: its filters, and counts for every facet. */
export function toApiQuery(state: SearchState): SearchQuery {
  const query: SearchQuery = {
    q: state.q,
    facets: [...FACETS],
    sort: state.sort,
    page: state.page,
    per_page: PER_PAGE,
  };
  // The closed facets were checked against their lists when the address was read.
  Object.assign(query, state.filters);
  return query;
}

export function hasFilters(state: SearchState): boolean {
  return FACETS.some((facet) => (state.filters[facet]?.length ?? 0) > 0);
}

/** The state with one facet value added or removed; any change starts again at page 1. */
export function toggleFilter(state: SearchState, facet: FacetName, value: string): SearchState {
  const current = state.filters[facet] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  const filters = { ...state.filters };
  if (next.length) filters[facet] = next;
  else delete filters[facet];
  return { ...state, filters, page: 1 };
}

export function withoutFilters(state: SearchState): SearchState {
  return { ...state, filters: {}, page: 1 };
}
