/**
 * The personal-data categories the API accepts (`personal_data.declare`'s payload; the
 * OpenAPI document types payloads as free JSON, so they are listed here, as in
 * docs/contributions.md), with the words business people use for them.
 */
export const PERSONAL_DATA_CATEGORIES = [
  { value: "contact", label: "Contact details", hint: "E-mail, phone, postal address" },
  { value: "identifier", label: "Identifier", hint: "Name, customer or employee number, national id" },
  { value: "financial", label: "Financial", hint: "Bank account, card, salary, credit" },
  { value: "health", label: "Health", hint: "Medical or sick-leave data" },
  { value: "location", label: "Location", hint: "Geolocation, travel, place of work" },
  { value: "online_identifier", label: "Online identifier", hint: "IP address, cookie or device id" },
  { value: "special_category", label: "Special category", hint: "Origin, opinions, beliefs, union, biometrics (GDPR art. 9)" },
] as const;

export function categoryLabel(value: string): string {
  return PERSONAL_DATA_CATEGORIES.find((category) => category.value === value)?.label ?? value.replace(/_/g, " ");
}

export const MAX_JUSTIFICATION = 2000;
