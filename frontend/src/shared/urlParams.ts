/**
 * Reading and writing a page's state in its address (?status=&page=): every list page keeps its
 * filters there so that it can be bookmarked and shared. Whatever a user typed in the address
 * bar is read leniently: a value that makes no sense falls back to the default.
 */

/** The largest page or count an address may ask for; anything beyond is a typo, not a page. */
const MAX_INTEGER = 1_000_000;

/** A whole number from 1 to `max` written in plain digits ("2", not "2.0", "1e3" or " 2"), else `fallback`. */
export function positiveInt(value: string | null, fallback = 1, max = MAX_INTEGER): number {
  if (value === null || !/^\d+$/.test(value)) return fallback;
  const number = Number(value);
  return number >= 1 && number <= max ? number : fallback;
}

/** The `page` parameter: 1 unless the address names another. */
export function pageParam(params: URLSearchParams): number {
  return positiveInt(params.get("page"));
}

/** `path?query`, or just `path` when no parameter is set (no dangling "?"). */
export function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
