/** Test data for change requests and notifications, shaped by the generated API types. */
import type {
  ChangeItem,
  ChangeRequest,
  ChangeRequestPage,
  ChangeRequestSummary,
  Me,
  Notification,
  NotificationPage,
} from "../../api/types";
import { me } from "../../test/fixtures";

/** A steward of the sales domain (changes:review there only). */
export const steward: Me = {
  ...me,
  username: "sofia",
  display_name: "Sofia Steward",
  grants: [{ id: 3, role: "steward", domain: "sales" }],
  permissions: ["catalog:read"],
  domain_permissions: { sales: ["catalog:read", "changes:review", "metadata:propose"] },
};

/** Ana, who proposes. */
export const contributor: Me = { ...me, permissions: ["catalog:read", "metadata:propose"], domain_permissions: {} };

export function requestSummary(overrides: Partial<ChangeRequestSummary> = {}): ChangeRequestSummary {
  return {
    id: 12,
    title: "Add tag gold to customers",
    status: "pending",
    route: "one_steward",
    kinds: ["tag.add"],
    domain: { key: "sales", name: "Sales" },
    proposer: { username: "ana", display_name: "Ana Lima" },
    item_count: 1,
    target: { dataset_id: 1, dataset: "customers", column: null },
    stale: false,
    created_at: "2025-03-01T10:00:00Z",
    decided_at: null,
    due_at: null,
    escalated: false,
    version: 1,
    ...overrides,
  };
}

export function requestPage(items: ChangeRequestSummary[], overrides: Partial<ChangeRequestPage> = {}): ChangeRequestPage {
  return { items, page: 1, pages: 1, per_page: 25, total: items.length, ...overrides };
}

export function changeItem(overrides: Partial<ChangeItem> = {}): ChangeItem {
  return {
    id: 100,
    position: 0,
    kind: "tag.add",
    dataset_id: 1,
    column_id: null,
    target: "customers",
    target_removed: false,
    payload: { tag: "gold" },
    before: false,
    current: false,
    after: null,
    stale: false,
    status: "pending",
    decided_at: null,
    ...overrides,
  };
}

export function changeRequest(overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  return {
    ...requestSummary(),
    rationale: "",
    approvals_needed: 1,
    items: [changeItem()],
    reviews: [],
    comments: [],
    ...overrides,
  };
}

export function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 5,
    topic: "change_request.decided",
    title: "Your change request was approved: Add tag gold to customers",
    body: "Sofia Steward approved it.",
    link: "/change-requests/12",
    created_at: "2025-03-02T09:00:00Z",
    read_at: null,
    ...overrides,
  };
}

export function notificationPage(items: Notification[], overrides: Partial<NotificationPage> = {}): NotificationPage {
  return { items, page: 1, pages: 1, per_page: 20, total: items.length, unread: items.filter((n) => !n.read_at).length, ...overrides };
}
