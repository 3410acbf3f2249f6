/**
 * A suggestion list's filters live in the address (?mine=&status=&page=): bookmarkable, and
 * Back works. The analysts' list and IT's triage list read them the same way.
 */
import { SUGGESTION_STATUSES } from "../../api/types";
import type { SourceSuggestionQuery, SuggestionStatus } from "../../api/types";

export const SUGGESTIONS_PAGE_SIZE = 20;

export interface SuggestionListState {
  mine: boolean;
  status: SuggestionStatus | null;
  page: number;
}

function positiveInt(value: string | null): number {
  if (value === null || !/^\d+$/.test(value)) return 1;
  const number = Number(value);
  return number >= 1 && number <= 1_000_000 ? number : 1;
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
    page: positiveInt(params.get("page")),
  };
}

export function suggestionListHref(base: string, state: SuggestionListState, defaults: Partial<SuggestionListState> = {}): string {
  const params = new URLSearchParams();
  if (state.mine !== (defaults.mine ?? false)) params.set("mine", String(state.mine));
  if (state.status !== (defaults.status ?? null)) params.set("status", state.status ?? "all");
  if (state.page > 1) params.set("page", String(state.page));
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

export function toSuggestionApiQuery(state: SuggestionListState): SourceSuggestionQuery {
  const query: SourceSuggestionQuery = { page: state.page, per_page: SUGGESTIONS_PAGE_SIZE };
  if (state.mine) query.mine = true;
  if (state.status) query.status = state.status;
  return query;
}
