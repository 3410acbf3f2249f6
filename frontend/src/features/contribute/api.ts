import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { ChangeKindName, ChangeRequestIn, ChangeTarget, ProposedItem } from "./types";

/** Same cache entry as the dataset list's tag filter: one fetch of the vocabulary per session. */
export function useTags() {
  return useQuery({
    queryKey: ["tags"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/tags"))).items,
    staleTime: 5 * 60_000,
  });
}

export function useVocabularies() {
  return useQuery({
    queryKey: ["vocabularies"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/vocabularies"))).items,
    staleTime: 5 * 60_000,
  });
}

/** One item of a change request, from the target it changes. */
export function item(kind: ChangeKindName, target: ChangeTarget, payload: Record<string, unknown>): ProposedItem {
  return { kind, dataset_id: target.datasetId, column: target.column, payload };
}

/**
 * Submit a change request about one dataset. Whatever the outcome (applied at once, or waiting
 * for a steward), the dataset page is refetched so that its proposals and values are current.
 */
export function useProposeChange(datasetId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangeRequestIn) => unwrap(api.POST("/api/v1/change-requests", { body })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["datasets", "detail", datasetId] }),
        // A new tag may have entered the vocabulary; lists and search show tags too.
        queryClient.invalidateQueries({ queryKey: ["tags"] }),
        queryClient.invalidateQueries({ queryKey: ["datasets", "list"] }),
        queryClient.invalidateQueries({ queryKey: ["change-requests"] }),
      ]),
  });
}
