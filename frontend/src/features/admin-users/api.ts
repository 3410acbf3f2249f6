import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { NewGrant, NewUser, User, UserListQuery } from "../../api/types";

export const usersKey = ["admin", "users"] as const;
const userKey = (username: string) => [...usersKey, "one", username] as const;
const userTokensKey = (username: string) => [...usersKey, "tokens", username] as const;

export function useUserPage(query: UserListQuery) {
  return useQuery({
    queryKey: [...usersKey, "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/admin/users", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useUser(username: string) {
  return useQuery({
    queryKey: userKey(username),
    queryFn: () => unwrap(api.GET("/api/v1/admin/users/{username}", { params: { path: { username } } })),
  });
}

export function useUserTokens(username: string) {
  return useQuery({
    queryKey: userTokensKey(username),
    queryFn: () => unwrap(api.GET("/api/v1/admin/users/{username}/tokens", { params: { path: { username } } })),
  });
}

/** After any change to one account: its page is refetched, and so is every list it may be in. */
function useAccountChanged(username: string) {
  const queryClient = useQueryClient();
  return (user?: User) => {
    if (user) queryClient.setQueryData(userKey(username), user);
    return queryClient.invalidateQueries({ queryKey: usersKey });
  };
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUser) => unwrap(api.POST("/api/v1/admin/users", { body })),
    onSuccess: (user) => {
      queryClient.setQueryData(userKey(user.username), user);
      return queryClient.invalidateQueries({ queryKey: [...usersKey, "list"] });
    },
  });
}

export function useGrantRole(username: string) {
  const changed = useAccountChanged(username);
  return useMutation({
    mutationFn: (body: NewGrant) =>
      unwrap(api.POST("/api/v1/admin/users/{username}/grants", { params: { path: { username } }, body })),
    onSuccess: () => changed(),
  });
}

export function useRevokeGrant(username: string) {
  const changed = useAccountChanged(username);
  return useMutation({
    mutationFn: (grantId: number) =>
      unwrap(
        api.DELETE("/api/v1/admin/users/{username}/grants/{grant_id}", {
          params: { path: { username, grant_id: grantId } },
        }),
      ),
    onSuccess: () => changed(),
  });
}

export function useSetActive(username: string) {
  const changed = useAccountChanged(username);
  return useMutation({
    mutationFn: (active: boolean) =>
      active
        ? unwrap(api.POST("/api/v1/admin/users/{username}/reactivate", { params: { path: { username } } }))
        : unwrap(api.POST("/api/v1/admin/users/{username}/deactivate", { params: { path: { username } } })),
    onSuccess: (user) => changed(user),
  });
}

export function useRevokeUserToken(username: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: number) =>
      unwrap(
        api.DELETE("/api/v1/admin/users/{username}/tokens/{token_id}", {
          params: { path: { username, token_id: tokenId } },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: userTokensKey(username) }),
  });
}
