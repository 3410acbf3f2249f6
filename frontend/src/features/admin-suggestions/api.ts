import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { SuggestionTriage } from "../../api/types";
import { suggestionsKey } from "../suggestions/api";

export function useTriage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, triage }: { id: number; triage: SuggestionTriage }) =>
      unwrap(
        api.POST("/api/v1/source-suggestions/{suggestion_id}/triage", {
          params: { path: { suggestion_id: id } },
          body: triage,
        }),
      ),
    // Accepting creates a planned source: the source lists change too. A 409 (someone else
    // triaged it meanwhile) also refreshes the list, so the page shows what really happened.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: suggestionsKey }),
        queryClient.invalidateQueries({ queryKey: ["sources"] }),
      ]),
  });
}
