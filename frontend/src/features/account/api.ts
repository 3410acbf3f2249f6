import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { NewPersonalToken, PasswordChange } from "../../api/types";

export const myTokensKey = ["me", "tokens"] as const;

export function useMyTokens() {
  return useQuery({
    queryKey: myTokensKey,
    queryFn: () => unwrap(api.GET("/api/v1/me/tokens")),
  });
}

/** The answer holds the token itself: it is handed to the caller, never kept in the cache. */
export function useCreateMyToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewPersonalToken) => unwrap(api.POST("/api/v1/me/tokens", { body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: myTokensKey }),
  });
}

export function useRevokeMyToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: number) =>
      unwrap(api.DELETE("/api/v1/me/tokens/{token_id}", { params: { path: { token_id: tokenId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: myTokensKey }),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: PasswordChange) => unwrap(api.POST("/api/v1/me/password", { body })),
  });
}
