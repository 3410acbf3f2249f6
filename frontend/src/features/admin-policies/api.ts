import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { PolicyInput } from "../../api/types";

const policiesKey = ["policies"] as const;

export function useChangeKinds() {
  return useQuery({
    queryKey: ["change-kinds"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/change-kinds"))).items,
    staleTime: 30 * 60_000,
  });
}

/** The effective policy of every kind in `domain` (null: the global level), and where each comes from. */
export function usePolicies(domain: string | null) {
  return useQuery({
    queryKey: [...policiesKey, domain],
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/policies", { params: { query: domain ? { domain } : {} } }))).items,
    placeholderData: keepPreviousData,
  });
}

export function useSetPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PolicyInput) => unwrap(api.PUT("/api/v1/policies", { body })),
    // A global change shows through in every domain that has no policy of its own.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: policiesKey }),
  });
}
