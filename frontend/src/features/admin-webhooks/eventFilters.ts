/**
 * A webhook's event filters: exact topics, "prefix.*" or "*" (README, "Notifications and webhooks").
 * The form offers the usual ones as checkboxes; any other filter is typed, one per line.
 */
export interface EventChoice {
  filter: string;
  label: string;
}

export const EVENT_CHOICES: readonly EventChoice[] = [
  { filter: "*", label: "Every event" },
  { filter: "change_request.*", label: "Change requests: submitted, decided, commented, escalated" },
  { filter: "quality_issue.*", label: "Quality issues: reported and each change of status" },
  { filter: "source_suggestion.*", label: "Source suggestions: submitted and triaged" },
  { filter: "connector_run.finished", label: "A crawl succeeded" },
  { filter: "dataset.changed", label: "A dataset changed" },
];

const CHOSEN = new Set(EVENT_CHOICES.map((choice) => choice.filter));

/** The filters split into the offered ones (checked) and the others (as text, one per line). */
export function splitFilters(events: readonly string[]): { chosen: string[]; others: string } {
  return {
    chosen: events.filter((event) => CHOSEN.has(event)),
    others: events.filter((event) => !CHOSEN.has(event)).join("\n"),
  };
}

/** Back to one list, in the offered order then as typed, without duplicates or blanks. */
export function joinFilters(chosen: readonly string[], others: string): string[] {
  const typed = others
    .split(/[\n,]/)
    .map((filter) => filter.trim())
    .filter(Boolean);
  const ordered = [...EVENT_CHOICES.map((choice) => choice.filter).filter((filter) => chosen.includes(filter)), ...typed];
  return [...new Set(ordered)];
}

// The server's rule (catalog/webhooks/service.py, EVENT_FILTER_RE).
const TOPIC_PATTERN = /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?)$/;

/** Filters that cannot be a topic, "prefix.*" or "*" (the server has the last word). */
export function badFilters(filters: readonly string[]): string[] {
  return filters.filter((filter) => !TOPIC_PATTERN.test(filter));
}
