/**
 * A form's refusal by the server, per field, for FormField's `error`: a 422 names its fields,
 * and a 409 (a key or username already taken) belongs to the field that must change.
 * The form's own checks win over the server's where they say something.
 */
import { ApiError } from "../../api/errors";

/** Field name -> the message to show beside it (undefined: nothing to say). */
export type FieldMessages = Partial<Record<string, string>>;

/** One message per field, from an ApiError's field errors (422). */
export function firstMessages(fieldErrors: Record<string, string[]> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(fieldErrors ?? {})) {
    if (messages.length) out[field] = messages.join(" ");
  }
  return out;
}

/** The messages of a failed mutation per field; a 409's detail goes to `conflictField` when given. */
export function serverFieldErrors(error: unknown, conflictField?: string): FieldMessages {
  if (!(error instanceof ApiError)) return {};
  const messages: FieldMessages = firstMessages(error.fieldErrors);
  if (conflictField && error.status === 409) messages[conflictField] = error.detail;
  return messages;
}

/** Server messages, overridden by the form's own checks where it has one (undefined: none). */
export function mergeErrors(server: FieldMessages, client: FieldMessages): FieldMessages {
  const merged = { ...server };
  for (const [field, message] of Object.entries(client)) if (message) merged[field] = message;
  return merged;
}
