import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { SourceSuggestionInput, SourceSuggestionQuery } from "../../api/types";

export const suggestionsKey = ["source-suggestions"] as const;

export function useSuggestionPage(query: SourceSuggestionQuery) {
  return useQuery({
    queryKey: [...suggestionsKey, "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/source-suggestions", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useSubmitSuggestion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SourceSuggestionInput) => unwrap(api.POST("/api/v1/source-suggestions", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: suggestionsKey }),
  });
}
