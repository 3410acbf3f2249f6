/**
 * The key of a domain, vocabulary, tag or source: it appears in URLs and filters and never
 * changes, so the forms check it as the server does (check_key) and suggest one from the name.
 */

/** Keys appear in URLs and filters (the server's check_key): lower-case letters, digits, "-", "_". */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,79}$/;
export const KEY_HINT = "Lower-case letters, digits, “-” and “_”. It cannot be changed later.";

export function keyProblem(key: string): string | undefined {
  if (!key) return "Enter a key.";
  if (!KEY_PATTERN.test(key)) return "Use 1–80 lower-case letters, digits, “-” or “_”, starting with a letter or digit.";
  return undefined;
}

/** A key suggested from a name: "Supply chain" -> "supply-chain". */
export function keyFromName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}
