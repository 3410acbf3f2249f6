/**
 * The one typed client for /api/v1, generated from the OpenAPI document.
 *
 *   const page = await unwrap(api.GET("/api/v1/datasets", { params: { query: { page: 2 } } }));
 *
 * `unwrap` returns the typed body or throws an ApiError (problem details, or status 0 when the
 * server is unreachable). A 401 on any call except signing in tells the session provider.
 */
import createClient, { type Middleware } from "openapi-fetch";
import { CSRF_HEADER, csrfToken, isUnsafeMethod } from "./csrf";
import { apiErrorFrom, ApiError, unreachableError } from "./errors";
import type { paths } from "./schema";
import { announceUnauthorized } from "./sessionEvents";

const SIGN_IN_PATH = "/api/v1/auth/session";

function csrfMiddleware(baseUrl: string): Middleware {
  return {
    async onRequest({ request }) {
      if (!isUnsafeMethod(request.method)) return undefined;
      const token = await csrfToken(baseUrl);
      if (token) request.headers.set(CSRF_HEADER, token);
      return request;
    },
  };
}

const sessionMiddleware: Middleware = {
  onResponse({ request, response, schemaPath }) {
    // A failed sign-in is a form error, not an expired session.
    const signingIn = schemaPath === SIGN_IN_PATH && request.method === "POST";
    if (response.status === 401 && !signingIn) announceUnauthorized();
    return undefined;
  },
  onError({ error }) {
    return error instanceof ApiError ? error : unreachableError(error);
  },
};

export function createApiClient(baseUrl: string = globalThis.location?.origin ?? "") {
  const client = createClient<paths>({
    baseUrl,
    credentials: "same-origin",
    headers: { Accept: "application/json, application/problem+json" },
    // Looked up on every call, so tests can stub the global fetch.
    fetch: (request: Request) => globalThis.fetch(request),
  });
  client.use(csrfMiddleware(baseUrl), sessionMiddleware);
  return client;
}

export const api = createApiClient();

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/** The typed body of a successful call, or an ApiError. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    throw error instanceof ApiError ? error : unreachableError(error);
  }
  if (!result.response.ok) throw apiErrorFrom(result.response, result.error);
  return result.data as T;
}
