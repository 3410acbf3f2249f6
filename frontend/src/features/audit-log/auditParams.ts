/**
 * The audit log's filters live in the address, so a filtered view can be bookmarked and
 * shared: ?action=&actor=&target_type=&target_id=&domain=&since=&until=&page=.
 * Times travel as ISO 8601 instants (the same moment for everyone who opens the link)
 * and are shown in the viewer's time zone.
 */
import type { AuditQuery } from "../../api/types";
import { pageParam, withQuery } from "../../shared/urlParams";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  action: string;
  actor: string;
  targetType: string;
  targetId: string;
  domain: string;
  /** ISO 8601 instants, or "" for no bound. */
  since: string;
  until: string;
}

export interface AuditListState extends AuditFilters {
  page: number;
}

export const NO_FILTERS: AuditFilters = { action: "", actor: "", targetType: "", targetId: "", domain: "", since: "", until: "" };

const PARAM_NAMES: Record<keyof AuditFilters, string> = {
  action: "action",
  actor: "actor",
  targetType: "target_type",
  targetId: "target_id",
  domain: "domain",
  since: "since",
  until: "until",
};

function instant(value: string | null): string {
  if (!value) return "";
  const time = Date.parse(value);
  return Number.isNaN(time) ? "" : new Date(time).toISOString();
}

export function parseAuditParams(params: URLSearchParams): AuditListState {
  const text = (name: string) => params.get(name)?.trim() ?? "";
  return {
    action: text("action"),
    actor: text("actor"),
    targetType: text("target_type"),
    targetId: text("target_id"),
    domain: text("domain"),
    since: instant(params.get("since")),
    until: instant(params.get("until")),
    page: pageParam(params),
  };
}

export function toAuditSearchParams(state: AuditListState): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(PARAM_NAMES) as (keyof AuditFilters)[]) {
    const value = state[key].trim();
    if (value) params.set(PARAM_NAMES[key], value);
  }
  if (state.page > 1) params.set("page", String(state.page));
  return params;
}

export function auditHref(state: AuditListState): string {
  return withQuery("/admin/audit", toAuditSearchParams(state));
}

export function toAuditApiQuery(state: AuditListState): AuditQuery {
  const query: AuditQuery = { page: state.page, per_page: AUDIT_PAGE_SIZE };
  if (state.action) query.action = state.action;
  if (state.actor) query.actor = state.actor;
  if (state.targetType) query.target_type = state.targetType;
  if (state.targetId) query.target_id = state.targetId;
  if (state.domain) query.domain = state.domain;
  if (state.since) query.since = state.since;
  if (state.until) query.until = state.until;
  return query;
}

export function hasAuditFilters(state: AuditFilters): boolean {
  return (Object.keys(NO_FILTERS) as (keyof AuditFilters)[]).some((key) => state[key] !== "");
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO instant as a <input type="datetime-local"> value in the viewer's zone ("" stays ""). */
export function toLocalInput(iso: string): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value (the viewer's zone) as an ISO instant ("" stays ""). */
export function fromLocalInput(value: string): string {
  if (!value) return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}

/** Action prefixes to suggest (the filter takes an action or any prefix of one, e.g. "auth"). */
export const ACTION_SUGGESTIONS = ["auth", "user", "role", "token", "client", "signing_key"];
