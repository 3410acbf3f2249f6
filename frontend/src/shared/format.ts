import type { Provenance } from "../api/types";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const numberFormat = new Intl.NumberFormat();

function parse(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(value: string | null | undefined): string {
  const date = parse(value);
  return date ? dateFormat.format(date) : "—";
}

export function formatDateTime(value: string | null | undefined): string {
  const date = parse(value);
  return date ? dateTimeFormat.format(date) : "—";
}

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : numberFormat.format(value);
}

export function pluralize(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

const ORIGINS: Record<string, string> = {
  connector_run: "a connector run",
  change_request: "a change request",
  demo: "the demo catalog",
  system: "the catalog itself",
};

/** "Added by Ann Lee via a change request, approved by Bo Chen, 3 Jun 2025". */
export function describeProvenance(provenance: Provenance | null | undefined, verb = "Added"): string {
  if (!provenance) return "";
  const parts = [verb];
  if (provenance.actor) parts.push(`by ${provenance.actor.display_name || provenance.actor.username}`);
  const origin = ORIGINS[provenance.origin] ?? provenance.origin.replace(/_/g, " ");
  parts.push(`via ${origin}`);
  const reference = provenance.reference?.trim();
  if (reference && !origin.toLowerCase().includes(reference.toLowerCase())) parts.push(`(${reference})`);
  let text = parts.join(" ");
  if (provenance.approver) {
    text += `, approved by ${provenance.approver.display_name || provenance.approver.username}`;
  }
  const when = formatDateTime(provenance.recorded_at);
  return when === "—" ? text : `${text}, ${when}`;
}

/** "about 5 minutes", "30 seconds": how long to wait, from a Retry-After in seconds. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return pluralize(Math.max(1, Math.ceil(seconds)), "second");
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `about ${pluralize(minutes, "minute")}`;
  return `about ${pluralize(Math.round(minutes / 60), "hour")}`;
}
