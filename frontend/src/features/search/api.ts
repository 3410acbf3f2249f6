import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { SearchQuery } from "../../api/types";

/** A page of results; the previous page stays on screen while the next one loads. */
export function useSearch(query: SearchQuery) {
  return useQuery({
    queryKey: ["search", query],
    queryFn: () => unwrap(api.GET("/api/v1/search", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** True when a text has something to look for (the API ignores text without letters or digits). */
export function isSearchable(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

export const SUGGESTION_LIMIT = 8;

/** Autocomplete for what has been typed so far (nothing is asked for text without letters or digits). */
export function useSuggestions(text: string) {
  const q = text.trim();
  return useQuery({
    queryKey: ["search", "suggest", q],
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/search/suggest", { params: { query: { q, limit: SUGGESTION_LIMIT } } }))).items,
    enabled: isSearchable(q),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
