/** The sign-in page's own address; single sign-on sends people back here when it fails. */
export const SIGN_IN_PATH = "/sign-in";

/** Only a path on this site (never "//host" or "https://..."): anything else lands on "/". */
export function safeNextPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}

/**
 * Where to land after signing in from `location`: the page that was asked for, or, on the
 * sign-in page itself, its `next` parameter.
 */
export function nextPathFor(location: { pathname: string; search: string; hash: string }): string {
  if (location.pathname === SIGN_IN_PATH) {
    return safeNextPath(new URLSearchParams(location.search).get("next"));
  }
  return `${location.pathname}${location.search}${location.hash}`;
}

/** Single sign-on's start address with `next`, e.g. /api/v1/auth/oidc/login?next=%2Fdatasets. */
export function ssoHref(loginUrl: string, next: string): string {
  const separator = loginUrl.includes("?") ? "&" : "?";
  return `${loginUrl}${separator}${new URLSearchParams({ next }).toString()}`;
}

const SSO_ERRORS: Record<string, string> = {
  sso_failed:
    "Single sign-on did not complete, so you are not signed in. Try again; if it keeps failing, ask your catalog administrator.",
};

/** The message for `?error=` on the sign-in page, or null when there is none. */
export function signInErrorMessage(location: { pathname: string; search: string }): string | null {
  if (location.pathname !== SIGN_IN_PATH) return null;
  const code = new URLSearchParams(location.search).get("error");
  if (!code) return null;
  return SSO_ERRORS[code] ?? "Signing in did not complete. Try again.";
}
