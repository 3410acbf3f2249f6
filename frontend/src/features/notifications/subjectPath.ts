/**
 * Where a notification's link leads in this UI. The server writes paths of its own naming
 * (`/change-requests/12`); they are mapped to the pages that show them. Only a path inside this
 * app is followed: anything else (another site, a `javascript:` address) gets no link.
 */
const MAPPINGS: [RegExp, (match: RegExpMatchArray) => string][] = [
  [/^\/change-requests\/(\d+)\/?$/, (m) => `/requests/${m[1]}`],
  [/^\/change-requests\/?(\?.*)?$/, () => "/review"],
  [/^\/source-suggestions(\/\d+)?\/?$/, () => "/suggestions"],
];

export function subjectPath(link: string): string | null {
  const path = link.trim();
  // One leading slash and no backslash: "//host" and "/\host" are other sites to a browser.
  if (!path.startsWith("/") || path.startsWith("//") || path.includes("\\")) return null;
  for (const [pattern, target] of MAPPINGS) {
    const match = path.match(pattern);
    if (match) return target(match);
  }
  return path;
}
