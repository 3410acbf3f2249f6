import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/errors";
import { reportReachable, reportUnreachable } from "./connectivity";

function noteOutcome(error: unknown): void {
  if (error instanceof ApiError && error.unreachable) reportUnreachable();
  else reportReachable();
}

/** Retry only what may succeed next time: not 4xx answers. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(options: { retry?: boolean } = {}): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: noteOutcome,
      onSuccess: () => reportReachable(),
    }),
    mutationCache: new MutationCache({
      onError: noteOutcome,
      onSuccess: () => reportReachable(),
    }),
    defaultOptions: {
      queries: {
        retry: options.retry === false ? false : shouldRetry,
        staleTime: 30_000,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
