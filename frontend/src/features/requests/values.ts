/**
 * An item's values (before, now, proposed) in words. The API gives them as JSON whose shape
 * depends on the kind: a boolean for tags (tagged or not), the Markdown text for descriptions,
 * the declared categories for personal data, a list of owners, a trust level with its reason.
 * Every value is shown as plain text, never as HTML.
 */
import type { ChangeItem } from "../../api/types";

type Payload = ChangeItem["payload"];

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => String(v)) : [];
}

interface OwnerValue {
  role?: unknown;
  username?: unknown;
  name?: unknown;
  email?: unknown;
}

function owners(value: unknown): OwnerValue[] {
  return Array.isArray(value) ? value.filter((v): v is OwnerValue => typeof v === "object" && v !== null) : [];
}

/** What the item would make of its target: `after` once applied, else derived from the payload. */
export function proposedValue(item: Pick<ChangeItem, "kind" | "payload" | "before" | "after" | "status">): unknown {
  if (item.status === "applied" || item.status === "applied_pending_review") {
    if (item.after !== null && item.after !== undefined) return item.after;
  }
  const payload: Payload = item.payload;
  switch (item.kind) {
    case "tag.add":
      return true;
    case "tag.remove":
      return false;
    case "description.edit":
      return text(payload.description);
    case "personal_data.declare":
      return [...new Set([...strings(item.before), text(payload.category)])].sort();
    case "personal_data.withdraw":
      return strings(item.before).filter((category) => category !== text(payload.category));
    case "owners.set":
      return payload.owners;
    case "trust.set":
      return { level: payload.level, reason: payload.reason ?? "" };
    default:
      return payload;
  }
}

/** One value of an item, as lines of plain text ("" stands for "nothing"). */
export function describeValue(kind: string, value: unknown, payload: Payload): string {
  switch (kind) {
    case "tag.add":
    case "tag.remove":
      return value ? `Tagged “${text(payload.tag)}”` : `Not tagged “${text(payload.tag)}”`;
    case "description.edit":
      return text(value);
    case "personal_data.declare":
    case "personal_data.withdraw": {
      const categories = strings(value);
      return categories.length ? categories.map((c) => c.replace(/_/g, " ")).join(", ") : "";
    }
    case "owners.set":
      return owners(value)
        .map((owner) => {
          const who = text(owner.username) || text(owner.name);
          const email = text(owner.email);
          return `${text(owner.role) || "owner"}: ${who}${email && email !== who ? ` <${email}>` : ""}`;
        })
        .join("\n");
    case "trust.set": {
      const trust = typeof value === "object" && value !== null ? (value as { level?: unknown; reason?: unknown }) : {};
      const level = text(trust.level);
      if (!level || level === "none") return "";
      const reason = text(trust.reason);
      return reason ? `${level}: ${reason}` : level;
    }
    default:
      return value === null || value === undefined ? "" : JSON.stringify(value, null, 2);
  }
}

/** A short line about what the item proposes, e.g. "gold" or "health (justification: ...)". */
export function describePayload(kind: string, payload: Payload): string {
  switch (kind) {
    case "tag.add":
    case "tag.remove":
      return text(payload.tag);
    case "personal_data.declare":
    case "personal_data.withdraw": {
      const why = text(payload.justification);
      return `${text(payload.category).replace(/_/g, " ")}${why ? ` — ${why}` : ""}`;
    }
    case "trust.set":
      return describeValue(kind, payload, payload);
    default:
      return "";
  }
}
