/**
 * The server's refusal of a form, per field: 422 names its fields; a 409 (a key already
 * taken) belongs to the key field and says which thing holds it. Shared by the catalog
 * structure forms (domains, vocabularies, tags).
 */
import { ApiError } from "../../api/errors";
import { firstMessages } from "../../shared/ui/FormField";

export type FieldMessages = Partial<Record<string, string>>;

export function serverFieldErrors(error: unknown, conflictField = "key"): FieldMessages {
  if (!(error instanceof ApiError)) return {};
  const messages: FieldMessages = firstMessages(error.fieldErrors);
  if (error.status === 409) messages[conflictField] = error.detail;
  return messages;
}

/** Server messages, overridden by the form's own checks where it has one (undefined: none). */
export function mergeErrors(server: FieldMessages, client: FieldMessages): FieldMessages {
  const merged = { ...server };
  for (const [field, message] of Object.entries(client)) if (message) merged[field] = message;
  return merged;
}

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
