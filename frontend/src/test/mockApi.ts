/**
 * A fake server for component tests: stubs the global fetch and answers "METHOD /path"
 * from a table of handlers. Unknown routes answer 404 (problem details), so a missing
 * handler shows up as a visible error, not a hang.
 *
 * Like the real server, `GET /healthz` sets the CSRF cookie (unless a test answers it itself),
 * so the client's "fetch the cookie before the first unsafe request" works here too; and
 * single sign-on is off unless a test answers `GET /api/v1/auth/providers`.
 */
import { vi } from "vitest";

export type Handler = (request: Request, url: URL) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" },
  });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

export const TEST_CSRF_TOKEN = "test-csrf-token";

const DEFAULT_HANDLERS: Record<string, Handler> = {
  "GET /healthz": () => {
    document.cookie = `catalog_csrf=${TEST_CSRF_TOKEN}; path=/`;
    return json({ status: "ok" });
  },
  "GET /api/v1/auth/providers": () => json({ sso_enabled: false, sso_label: null, sso_login_url: null }),
};

export function mockApi(ownHandlers: Record<string, Handler>) {
  const handlers = { ...DEFAULT_HANDLERS, ...ownHandlers };
  const calls: { method: string; url: URL; headers: Headers; body: string }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const body = request.method === "GET" ? "" : await request.clone().text();
    calls.push({ method: request.method, url, headers: request.headers, body });
    const handler = handlers[`${request.method} ${url.pathname}`];
    if (!handler) {
      return json({ type: "about:blank", title: "Not Found", status: 404, detail: `No mock for ${request.method} ${url.pathname}`, instance: url.pathname }, 404);
    }
    return handler(request, url);
  });
  vi.stubGlobal("fetch", fetchMock);
  return { calls, fetchMock };
}
