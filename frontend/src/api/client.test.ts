import { vi } from "vitest";
import { me, problem } from "../test/fixtures";
import { json, mockApi, noContent, TEST_CSRF_TOKEN } from "../test/mockApi";
import { api, unwrap } from "./client";
import { ApiError, parseRetryAfter } from "./errors";
import { onUnauthorized } from "./sessionEvents";

describe("the API client", () => {
  it("returns the typed body of a successful call", async () => {
    mockApi({ "GET /api/v1/domains": () => json({ items: [] }) });
    await expect(unwrap(api.GET("/api/v1/domains"))).resolves.toEqual({ items: [] });
  });

  it("turns a problem+json answer into an ApiError with status, detail and field errors", async () => {
    mockApi({
      "GET /api/v1/datasets": () =>
        json(problem(422, "There is no domain 'x'.", { query: { domain: ["Unknown domain."] } }), 422),
    });
    const error = await unwrap(api.GET("/api/v1/datasets", { params: { query: { domain: "x" } } })).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, title: "Unprocessable Entity", detail: "There is no domain 'x'." });
    expect(error.fieldErrors).toEqual({ domain: ["Unknown domain."] });
  });

  it("reports an unreachable server as status 0", async () => {
    mockApi({ "GET /api/v1/domains": () => Promise.reject(new TypeError("Failed to fetch")) });
    const error = await unwrap(api.GET("/api/v1/domains")).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.unreachable).toBe(true);
  });

  it("treats a gateway error without problem details as unreachable", async () => {
    mockApi({ "GET /api/v1/domains": () => new Response("<html>Bad gateway</html>", { status: 502 }) });
    const error = await unwrap(api.GET("/api/v1/domains")).catch((e) => e);
    expect(error.unreachable).toBe(true);
  });

  it("announces a 401, except for a failed sign-in", async () => {
    mockApi({
      "GET /api/v1/domains": () => json(problem(401, "Sign in first."), 401),
      "POST /api/v1/auth/session": () => json(problem(401, "Unknown username or wrong password."), 401),
    });
    const listener = vi.fn();
    const stop = onUnauthorized(listener);
    await unwrap(api.POST("/api/v1/auth/session", { body: { username: "a", password: "b" } })).catch(() => null);
    expect(listener).not.toHaveBeenCalled();
    await unwrap(api.GET("/api/v1/domains")).catch(() => null);
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
  });

  it("sends the CSRF cookie's value on unsafe requests only, with the session cookie", async () => {
    document.cookie = "catalog_csrf=tok%2Fen-123; path=/";
    const { calls, fetchMock } = mockApi({
      "GET /api/v1/domains": () => json({ items: [] }),
      "DELETE /api/v1/auth/session": () => noContent(),
    });
    await unwrap(api.GET("/api/v1/domains"));
    await unwrap(api.DELETE("/api/v1/auth/session"));
    expect(calls[0]!.headers.get("X-CSRF-Token")).toBeNull();
    expect(calls[1]!.headers.get("X-CSRF-Token")).toBe("tok/en-123");
    const request = fetchMock.mock.calls[1]![0] as Request;
    expect(request.credentials).toBe("same-origin");
  });

  it("fetches the CSRF cookie with one GET before the first unsafe request, then sends it", async () => {
    const { calls } = mockApi({
      "POST /api/v1/auth/session": () => json(me),
      "DELETE /api/v1/auth/session": () => noContent(),
    });
    await Promise.all([
      unwrap(api.POST("/api/v1/auth/session", { body: { username: "a", password: "b" } })),
      unwrap(api.DELETE("/api/v1/auth/session")),
    ]);
    await unwrap(api.DELETE("/api/v1/auth/session"));
    const seen = calls.map((call) => `${call.method} ${call.url.pathname}`);
    expect(seen[0]).toBe("GET /healthz");
    expect(seen.slice(1).sort()).toEqual([
      "DELETE /api/v1/auth/session",
      "DELETE /api/v1/auth/session",
      "POST /api/v1/auth/session",
    ]);
    for (const call of calls.slice(1)) expect(call.headers.get("X-CSRF-Token")).toBe(TEST_CSRF_TOKEN);
  });

  it("sends no CSRF header when the server sets no cookie (and lets its 403 speak)", async () => {
    const { calls } = mockApi({
      "GET /healthz": () => json({ status: "ok" }),
      "DELETE /api/v1/auth/session": () => json(problem(403, "Missing or wrong CSRF token."), 403),
    });
    const error = await unwrap(api.DELETE("/api/v1/auth/session")).catch((e) => e);
    expect(calls.at(-1)!.headers.has("X-CSRF-Token")).toBe(false);
    expect(error).toMatchObject({ status: 403, detail: "Missing or wrong CSRF token." });
  });

  it("reads Retry-After from a 429", async () => {
    mockApi({
      "POST /api/v1/auth/session": () =>
        new Response(JSON.stringify(problem(429, "Too many failed sign-in attempts; try again later.")), {
          status: 429,
          headers: { "Content-Type": "application/problem+json", "Retry-After": "120" },
        }),
    });
    const error = await unwrap(api.POST("/api/v1/auth/session", { body: { username: "a", password: "b" } })).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 120 });
  });

  it("understands both forms of Retry-After", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter("30", now)).toBe(30);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:02:00 GMT", now)).toBe(120);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
