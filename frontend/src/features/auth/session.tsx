/**
 * Who is signed in, for the whole app. A 401 from any API call (announced by the client)
 * drops back to the sign-in screen; if someone was signed in, it says their session expired.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { ReactNode } from "react";
import type { Me } from "../../api/types";
import { onUnauthorized } from "../../api/sessionEvents";
import { fetchMe, meQueryKey, providersQuery, signOut as endSession } from "./api";

export type SessionStatus = "loading" | "error" | "anonymous" | "signed-in";

export interface Session {
  status: SessionStatus;
  me: Me | null;
  /** The user was signed in and the server no longer accepts their session. */
  expired: boolean;
  error: unknown;
  retry: () => void;
  signedIn: (me: Me) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const meQuery = useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: Infinity });
  const [expired, setExpired] = useState(false);
  const wasSignedIn = useRef(false);

  // Asked alongside /auth/me, so the sign-in page knows at once whether to offer single sign-on.
  useEffect(() => {
    void queryClient.prefetchQuery(providersQuery);
  }, [queryClient]);

  useEffect(() => {
    if (meQuery.data) wasSignedIn.current = true;
  }, [meQuery.data]);

  useEffect(
    () =>
      onUnauthorized(() => {
        if (wasSignedIn.current) setExpired(true);
        wasSignedIn.current = false;
        queryClient.setQueryData(meQueryKey, null);
      }),
    [queryClient],
  );

  const signedIn = useCallback(
    (me: Me) => {
      // Whatever was cached belonged to the previous session.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      queryClient.setQueryData(meQueryKey, me);
      wasSignedIn.current = true;
      setExpired(false);
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    await endSession();
    wasSignedIn.current = false;
    setExpired(false);
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
    queryClient.setQueryData(meQueryKey, null);
  }, [queryClient]);

  const { refetch } = meQuery;
  const retry = useCallback(() => void refetch(), [refetch]);

  const value = useMemo<Session>(() => {
    let status: SessionStatus;
    if (meQuery.data) status = "signed-in";
    else if (meQuery.data === null) status = "anonymous";
    else if (meQuery.isError) status = "error";
    else status = "loading";
    return {
      status,
      me: meQuery.data ?? null,
      expired,
      error: meQuery.error,
      retry,
      signedIn,
      signOut,
    };
  }, [meQuery.data, meQuery.isError, meQuery.error, expired, retry, signedIn, signOut]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() needs a <SessionProvider> above it.");
  return session;
}
