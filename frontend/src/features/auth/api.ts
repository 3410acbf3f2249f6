import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { Credentials, Me } from "../../api/types";

export const meQueryKey = ["auth", "me"] as const;

/** Who is signed in, or null when nobody is (the server answered 401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await unwrap(api.GET("/api/v1/auth/me"));
  } catch (error) {
    if (error instanceof ApiError && error.unauthorized) return null;
    throw error;
  }
}

export function signIn(credentials: Credentials): Promise<Me> {
  return unwrap(api.POST("/api/v1/auth/session", { body: credentials }));
}

export async function signOut(): Promise<void> {
  await unwrap(api.DELETE("/api/v1/auth/session"));
}

export const providersQueryKey = ["auth", "providers"] as const;

/** How people can sign in here (single sign-on or not); it changes only with the server's settings. */
export const providersQuery = {
  queryKey: providersQueryKey,
  queryFn: () => unwrap(api.GET("/api/v1/auth/providers")),
  staleTime: Infinity,
  retry: false,
  // Without an answer the page simply offers no single sign-on; asking again on every mount would not help.
  retryOnMount: false,
} as const;

export function useProviders() {
  return useQuery(providersQuery);
}
