/**
 * A connection form's values, built from the connector's declared fields (GET /connectors).
 *
 * Every control holds text or a checkbox state; this module turns the stored configuration into
 * those and back into the typed values the API checks (integers, lists of strings, booleans).
 * A stored secret arrives as the mask; sent back unchanged it keeps the stored value, and an
 * empty one clears it (the server's rule, see catalog/connectors/config.py).
 */
import type { ConfigField } from "../../api/types";

export const SECRET_MASK = "********";

/** Text for text-like fields (lists one value per line), a boolean for checkboxes. */
export type FieldValue = string | boolean;
export type FormValues = Record<string, FieldValue>;
export type FormErrors = Record<string, string>;

function asText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(String).join("\n");
  return String(value);
}

/** The form's starting values: the stored configuration, else each field's default. */
export function initialValues(fields: readonly ConfigField[], stored: Record<string, unknown> | null): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const value = stored && field.name in stored ? stored[field.name] : field.default;
    values[field.name] = field.type === "boolean" ? value === true : asText(value);
  }
  return values;
}

export function listItems(text: string): string[] {
  return text
    .split("\n")
    .map((item) => item.trim())
    .filter(Boolean);
}

/** What the API receives: integers as numbers (null when empty), lists as arrays, the rest as typed. */
export function toConfig(fields: readonly ConfigField[], values: FormValues): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.type === "boolean") {
      config[field.name] = value === true;
    } else if (field.type === "list") {
      config[field.name] = listItems(String(value ?? ""));
    } else if (field.type === "integer") {
      const text = String(value ?? "").trim();
      config[field.name] = text === "" ? null : Number(text);
    } else if (field.type === "secret") {
      // A secret is sent exactly as typed (spaces may belong to a password).
      config[field.name] = String(value ?? "");
    } else {
      config[field.name] = String(value ?? "").trim();
    }
  }
  return config;
}

/**
 * What can be said before asking the server: required fields left empty, integers that are
 * not. A required secret is satisfied by the mask only when one is stored.
 */
export function checkValues(fields: readonly ConfigField[], values: FormValues, storedSecrets: ReadonlySet<string>): FormErrors {
  const errors: FormErrors = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.type === "boolean") continue;
    const text = String(value ?? "");
    if (field.type === "integer" && text.trim() !== "" && !/^-?\d+$/.test(text.trim())) {
      errors[field.name] = "Enter a whole number.";
      continue;
    }
    if (!field.required) continue;
    const empty = field.type === "list" ? listItems(text).length === 0 : text.trim() === "";
    const maskWithoutSecret = field.type === "secret" && text === SECRET_MASK && !storedSecrets.has(field.name);
    if (empty || maskWithoutSecret) errors[field.name] = `${field.label} is required.`;
  }
  return errors;
}

/** The secret fields the server holds a value for (it shows them masked). */
export function storedSecrets(fields: readonly ConfigField[], stored: Record<string, unknown> | null): Set<string> {
  return new Set(fields.filter((field) => field.type === "secret" && stored?.[field.name] === SECRET_MASK).map((field) => field.name));
}

/** "$HOME", "${TOKEN}": the server stores such values as typed and never expands them. */
export function looksLikeVariable(value: FieldValue): boolean {
  return typeof value === "string" && /\$\{?[A-Za-z_]/.test(value);
}

/** The server names a connection field's error "config.<name>"; the form names it "<name>". */
export function configFieldErrors(fieldErrors: Record<string, string>): FormErrors {
  const errors: FormErrors = {};
  for (const [name, message] of Object.entries(fieldErrors)) {
    if (name.startsWith("config.")) errors[name.slice("config.".length)] = message;
  }
  return errors;
}
