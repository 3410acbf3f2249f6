import { vi } from "vitest";
import { problem } from "../test/fixtures";
import { json, mockApi, noContent } from "../test/mockApi";
import { api, unwrap } from "./client";
import { ApiError } from "./errors";
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

  it("sends no CSRF header when there is no cookie", async () => {
    const { calls } = mockApi({ "DELETE /api/v1/auth/session": () => noContent() });
    await unwrap(api.DELETE("/api/v1/auth/session"));
    expect(calls[0]!.headers.has("X-CSRF-Token")).toBe(false);
  });
});
