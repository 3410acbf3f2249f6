import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { ChangeRequest, ChangeRequestQuery, DecisionInput } from "../../api/types";

/** Every list of change requests (queue, my contributions, a dataset's proposals) shares this prefix. */
export const CHANGE_REQUESTS_KEY = ["change-requests"] as const;

export function useChangeRequests(query: ChangeRequestQuery) {
  return useQuery({
    queryKey: [...CHANGE_REQUESTS_KEY, "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/change-requests", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function requestKey(requestId: number) {
  return [...CHANGE_REQUESTS_KEY, "detail", requestId] as const;
}

export function useChangeRequest(requestId: number, enabled = true) {
  return useQuery({
    queryKey: requestKey(requestId),
    enabled,
    queryFn: () =>
      unwrap(api.GET("/api/v1/change-requests/{request_id}", { params: { path: { request_id: requestId } } })),
  });
}

/**
 * After a decision, a withdrawal or a comment: the request shows what the server answered, and
 * every list, the dataset it changes and the home page's counts are fetched again.
 */
function useRequestUpdated() {
  const queryClient = useQueryClient();
  return (request: ChangeRequest) => {
    queryClient.setQueryData(requestKey(request.id), request);
    void queryClient.invalidateQueries({ queryKey: [...CHANGE_REQUESTS_KEY, "list"] });
    void queryClient.invalidateQueries({ queryKey: ["datasets"] });
  };
}

export function useDecide(requestId: number) {
  const updated = useRequestUpdated();
  return useMutation({
    mutationFn: (body: DecisionInput) =>
      unwrap(
        api.POST("/api/v1/change-requests/{request_id}/decision", {
          params: { path: { request_id: requestId } },
          body,
        }),
      ),
    onSuccess: updated,
  });
}

export function useWithdraw(requestId: number) {
  const updated = useRequestUpdated();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/change-requests/{request_id}/withdraw", { params: { path: { request_id: requestId } } })),
    onSuccess: updated,
  });
}

export function useAddComment(requestId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      unwrap(
        api.POST("/api/v1/change-requests/{request_id}/comments", {
          params: { path: { request_id: requestId } },
          body: { body },
        }),
      ),
    onSuccess: (comment) =>
      queryClient.setQueryData<ChangeRequest>(requestKey(requestId), (request) =>
        request ? { ...request, comments: [...request.comments, comment] } : request,
      ),
  });
}
