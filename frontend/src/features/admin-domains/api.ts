import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { DomainChanges, NewDomain } from "../../api/types";

// The same cache entry as the public domains list (features/domains/api.ts): one source of truth.
const domainsKey = ["domains"] as const;

export function useCreateDomain() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewDomain) => unwrap(api.POST("/api/v1/domains", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: domainsKey }),
  });
}

export function useUpdateDomain() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, changes }: { key: string; changes: DomainChanges }) =>
      unwrap(api.PATCH("/api/v1/domains/{key}", { params: { path: { key } }, body: changes })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: domainsKey }),
  });
}
