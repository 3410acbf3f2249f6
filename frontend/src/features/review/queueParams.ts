/**
 * The review queue's filters live in the address, so a filtered queue can be bookmarked and
 * shared: ?status=&domain=&kind=&proposer=&stale=&older_than=&sort=&page=.
 * No status means "waiting for my review" (pending, in my domains, not mine, not reviewed by me);
 * a status lists the requests in that state instead (e.g. what was rejected).
 */
import type { ChangeRequestQuery, RequestStatus } from "../../api/types";
import { KINDS, REQUEST_STATUSES } from "../requests/labels";
import type { ChangeKindCode } from "../requests/labels";
import { pageParam, positiveInt, withQuery } from "../../shared/urlParams";

export const QUEUE_PAGE_SIZE = 25;
export const AGES = [1, 3, 7, 30] as const;
export type QueueSort = NonNullable<ChangeRequestQuery["sort"]>;

export interface QueueFilters {
  status: RequestStatus | "";
  domain: string;
  kind: ChangeKindCode | "";
  proposer: string;
  stale: "" | "true" | "false";
  /** Only requests older than this many days (0: any age). */
  olderThan: number;
}

export interface QueueState extends QueueFilters {
  sort: QueueSort;
  page: number;
}

export const NO_FILTERS: QueueFilters = { status: "", domain: "", kind: "", proposer: "", stale: "", olderThan: 0 };
// Oldest first: whoever waited longest is served first.
export const DEFAULT_SORT: QueueSort = "created_at";

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | "" {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : "";
}

export function parseQueueParams(params: URLSearchParams): QueueState {
  const olderThan = positiveInt(params.get("older_than"), 0, 3650);
  return {
    status: oneOf(params.get("status"), REQUEST_STATUSES),
    domain: params.get("domain")?.trim() ?? "",
    kind: oneOf(params.get("kind"), KINDS),
    proposer: params.get("proposer")?.trim() ?? "",
    stale: oneOf(params.get("stale"), ["true", "false"] as const),
    olderThan,
    sort: params.get("sort") === "-created_at" ? "-created_at" : DEFAULT_SORT,
    page: pageParam(params),
  };
}

export function toQueueSearchParams(state: QueueState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.status) params.set("status", state.status);
  if (state.domain) params.set("domain", state.domain);
  if (state.kind) params.set("kind", state.kind);
  if (state.proposer.trim()) params.set("proposer", state.proposer.trim());
  if (state.stale) params.set("stale", state.stale);
  if (state.olderThan > 0) params.set("older_than", String(state.olderThan));
  if (state.sort !== DEFAULT_SORT) params.set("sort", state.sort);
  if (state.page > 1) params.set("page", String(state.page));
  return params;
}

export function queueHref(state: QueueState): string {
  return withQuery("/review", toQueueSearchParams(state));
}

const DAY = 24 * 60 * 60 * 1000;

/** The API query; `now` fixes "older than N days" to an instant (to the minute, so the cache is reused). */
export function toQueueApiQuery(state: QueueState, now: number = Date.now()): ChangeRequestQuery {
  const query: ChangeRequestQuery = { page: state.page, per_page: QUEUE_PAGE_SIZE, sort: state.sort };
  if (state.status) query.status = state.status;
  else query.reviewable = true;
  if (state.domain) query.domain = state.domain;
  if (state.kind) query.kind = state.kind;
  if (state.proposer) query.proposer = state.proposer;
  if (state.stale) query.stale = state.stale === "true";
  if (state.olderThan > 0) {
    const minute = Math.floor(now / 60_000) * 60_000;
    query.created_before = new Date(minute - state.olderThan * DAY).toISOString();
  }
  return query;
}

export function hasQueueFilters(state: QueueFilters): boolean {
  return (Object.keys(NO_FILTERS) as (keyof QueueFilters)[]).some((key) => state[key] !== NO_FILTERS[key]);
}
