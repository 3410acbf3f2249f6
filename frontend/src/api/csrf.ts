/** The cookie the backend sets for double-submit CSRF protection, and the header it expects. */
export const CSRF_COOKIE = "catalog_csrf";
export const CSRF_HEADER = "X-CSRF-Token";

/**
 * A cheap public GET: the server sets the CSRF cookie on any response to a browser that
 * has none, so one of these before the first unsafe request makes sure it can be sent.
 */
export const CSRF_PRIMING_PATH = "/healthz";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(";")) {
    const [rawKey, ...rest] = part.split("=");
    if (rawKey?.trim() === name) {
      const value = rest.join("=").trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return null;
}

let priming: Promise<void> | null = null;

/**
 * The CSRF token to send, fetching the cookie first when the browser has none yet (a page
 * whose first call is a POST, or cookies cleared since). Null if the server still set none:
 * the request then goes without, and the server's 403 says why.
 */
export async function csrfToken(baseUrl: string): Promise<string | null> {
  const present = readCookie(CSRF_COOKIE);
  if (present) return present;
  // Calls made at the same moment share one priming request.
  priming ??= globalThis
    .fetch(new Request(`${baseUrl}${CSRF_PRIMING_PATH}`, { credentials: "same-origin", cache: "no-store" }))
    .then(
      () => undefined,
      () => undefined,
    )
    .finally(() => {
      priming = null;
    });
  await priming;
  return readCookie(CSRF_COOKIE);
}
