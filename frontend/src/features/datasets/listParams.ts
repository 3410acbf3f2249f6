/**
 * The dataset list's state lives in the address (?domain=&tag=&page=...), so a filtered list
 * can be bookmarked, shared and navigated with Back. These two functions are the only
 * translation between the query string and the API's query parameters.
 */
import { DATASET_KINDS } from "../../api/types";
import type { DatasetKind, DatasetListQuery, DatasetSort } from "../../api/types";
import { pageParam, positiveInt, withQuery } from "../../shared/urlParams";

export const SORTS: { value: DatasetSort; label: string }[] = [
  { value: "name", label: "Name (A–Z)" },
  { value: "-name", label: "Name (Z–A)" },
  { value: "-updated_at", label: "Recently updated" },
  { value: "updated_at", label: "Least recently updated" },
  { value: "-created_at", label: "Newest in catalog" },
  { value: "created_at", label: "Oldest in catalog" },
];
export const DEFAULT_SORT: DatasetSort = "name";
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;

export interface DatasetListState {
  /** Free text from an old address: not sent (the list has no text filter), the search is offered instead. */
  q: string;
  domain: string | null;
  source: string | null;
  tags: string[];
  kind: DatasetKind | null;
  sort: DatasetSort;
  page: number;
  perPage: number;
}

export function parseListParams(params: URLSearchParams): DatasetListState {
  const sort = params.get("sort");
  const kind = params.get("kind");
  const perPage = positiveInt(params.get("per_page"), DEFAULT_PAGE_SIZE);
  return {
    q: params.get("q")?.trim() ?? "",
    domain: params.get("domain") || null,
    source: params.get("source") || null,
    tags: params.getAll("tag").filter(Boolean),
    kind: DATASET_KINDS.includes(kind as DatasetKind) ? (kind as DatasetKind) : null,
    sort: SORTS.some((s) => s.value === sort) ? (sort as DatasetSort) : DEFAULT_SORT,
    page: pageParam(params),
    perPage: (PAGE_SIZES as readonly number[]).includes(perPage) ? perPage : DEFAULT_PAGE_SIZE,
  };
}

/** The query string for a state; defaults are left out so addresses stay short. */
export function toSearchParams(state: DatasetListState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.domain) params.set("domain", state.domain);
  if (state.source) params.set("source", state.source);
  for (const tag of state.tags) params.append("tag", tag);
  if (state.kind) params.set("kind", state.kind);
  if (state.sort !== DEFAULT_SORT) params.set("sort", state.sort);
  if (state.perPage !== DEFAULT_PAGE_SIZE) params.set("per_page", String(state.perPage));
  if (state.page > 1) params.set("page", String(state.page));
  return params;
}

/** The list's address for a state ("/datasets" when everything is default). */
export function listHref(state: DatasetListState): string {
  return withQuery("/datasets", toSearchParams(state));
}

export function toApiQuery(state: DatasetListState): DatasetListQuery {
  const query: DatasetListQuery = { page: state.page, per_page: state.perPage, sort: state.sort };
  if (state.domain) query.domain = state.domain;
  if (state.source) query.source = state.source;
  if (state.tags.length) query.tag = state.tags;
  if (state.kind) query.kind = state.kind;
  return query;
}

export function hasFilters(state: DatasetListState): boolean {
  return Boolean(state.domain || state.source || state.tags.length || state.kind);
}
