/**
 * Words for the change requests' codes. Kinds the UI does not know yet (a new kind module on the
 * server) are shown by their code rather than hidden.
 */
import type { ChangeItem, ChangeRequestQuery, ChangeRequestSummary, RequestStatus } from "../../api/types";

export type ChangeKindCode = NonNullable<ChangeRequestQuery["kind"]>;

export const KIND_LABELS: Record<ChangeKindCode, string> = {
  "tag.add": "Add a tag",
  "tag.remove": "Remove a tag",
  "description.edit": "Edit the description",
  "personal_data.declare": "Declare personal data",
  "personal_data.withdraw": "Withdraw personal data",
  "owners.set": "Set owners",
  "trust.set": "Endorse, warn or deprecate",
};

export const KINDS = Object.keys(KIND_LABELS) as ChangeKindCode[];

export function kindLabel(kind: string): string {
  return (KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

export const STATUS_LABELS: Record<RequestStatus, string> = {
  pending: "Pending",
  applied: "Applied",
  partially_applied: "Partly applied",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
  stale: "Stale",
};

export const REQUEST_STATUSES = Object.keys(STATUS_LABELS) as RequestStatus[];

export const ITEM_STATUS_LABELS: Record<ChangeItem["status"], string> = {
  pending: "Pending",
  applied_pending_review: "In force, pending review",
  applied: "Applied",
  rejected: "Rejected",
  stale: "Stale",
  withdrawn: "Withdrawn",
};

export const ROUTE_LABELS: Record<ChangeRequestSummary["route"], string> = {
  apply_at_once: "Applied at once",
  apply_then_review: "Applied at once, then reviewed",
  one_steward: "One steward approves",
  two_approvers: "Two approvers",
};

/** The badge class of a request's or an item's status. */
export function statusTone(status: string): string {
  if (status === "applied") return "badge-status-active";
  if (status === "rejected" || status === "withdrawn") return "badge-status-revoked";
  if (status === "stale" || status === "applied_pending_review" || status === "partially_applied") return "badge-status-expired";
  return "badge-status-pending";
}
