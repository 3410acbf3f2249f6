import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { NewApiClient } from "../../api/types";

export const apiClientsKey = ["admin", "api-clients"] as const;

export function useApiClients() {
  return useQuery({
    queryKey: apiClientsKey,
    queryFn: () => unwrap(api.GET("/api/v1/admin/api-clients")),
  });
}

/** Every mutation here answers with the secret, once: handed to the caller, never cached. */
export function useCreateApiClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewApiClient) => unwrap(api.POST("/api/v1/admin/api-clients", { body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiClientsKey }),
  });
}

export function useRotateSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clientId: string) =>
      unwrap(api.POST("/api/v1/admin/api-clients/{client_id}/rotate-secret", { params: { path: { client_id: clientId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiClientsKey }),
  });
}

export function useRevokeApiClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clientId: string) =>
      unwrap(api.DELETE("/api/v1/admin/api-clients/{client_id}", { params: { path: { client_id: clientId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiClientsKey }),
  });
}
