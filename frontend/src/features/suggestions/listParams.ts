/**
 * A suggestion list's filters live in the address (?mine=&status=&page=): bookmarkable, and
 * Back works. The analysts' list and IT's triage list read them the same way.
 */
import { SUGGESTION_STATUSES } from "../../api/types";
import type { SourceSuggestionQuery, SuggestionStatus } from "../../api/types";
import { pageParam, withQuery } from "../../shared/urlParams";

export const SUGGESTIONS_PAGE_SIZE = 20;

export interface SuggestionListState {
  mine: boolean;
  status: SuggestionStatus | null;
  page: number;
}

export function parseSuggestionParams(params: URLSearchParams, defaults: Partial<SuggestionListState> = {}): SuggestionListState {
  const status = params.get("status");
  const mine = params.get("mine");
  return {
    mine: mine === null ? (defaults.mine ?? false) : mine === "true",
    status: SUGGESTION_STATUSES.includes(status as SuggestionStatus)
      ? (status as SuggestionStatus)
      : status === "all"
        ? null
        : (defaults.status ?? null),
    page: pageParam(params),
  };
}

export function suggestionListHref(base: string, state: SuggestionListState, defaults: Partial<SuggestionListState> = {}): string {
  const params = new URLSearchParams();
  if (state.mine !== (defaults.mine ?? false)) params.set("mine", String(state.mine));
  if (state.status !== (defaults.status ?? null)) params.set("status", state.status ?? "all");
  if (state.page > 1) params.set("page", String(state.page));
  return withQuery(base, params);
}

export function toSuggestionApiQuery(state: SuggestionListState): SourceSuggestionQuery {
  const query: SourceSuggestionQuery = { page: state.page, per_page: SUGGESTIONS_PAGE_SIZE };
  if (state.mine) query.mine = true;
  if (state.status) query.status = state.status;
  return query;
}
