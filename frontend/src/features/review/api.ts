import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { ReviewDecision } from "../../api/types";
import { CHANGE_REQUESTS_KEY } from "../requests/api";

/** Decide many requests with one comment; the answer tells each one's outcome. */
export function useBulkDecision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: number[]; decision: ReviewDecision; comment: string }) =>
      unwrap(api.POST("/api/v1/change-requests/decisions", { body })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: CHANGE_REQUESTS_KEY }),
        queryClient.invalidateQueries({ queryKey: ["datasets"] }),
      ]),
  });
}
