/** Test data for the webhooks administration, shaped by the generated API types. */
import type { Delivery, DeliveryPage, Webhook } from "../../api/types";

export function webhook(overrides: Partial<Webhook> = {}): Webhook {
  return {
    id: 1,
    name: "Ops relay",
    url: "https://ops.example.com/hook",
    events: ["change_request.*", "quality_issue.reported"],
    active: true,
    created_at: "2025-02-01T10:00:00Z",
    updated_at: "2025-02-01T10:00:00Z",
    ...overrides,
  };
}

export function delivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: 31,
    outbox_event_id: 120,
    topic: "change_request.decided",
    occurred_at: "2025-03-04T10:00:00Z",
    status: "failed",
    attempts: 6,
    last_attempt_at: "2025-03-04T10:31:00Z",
    next_attempt_at: null,
    last_response_status: 503,
    last_response_body: "Service Unavailable",
    last_error: "",
    created_at: "2025-03-04T10:00:00Z",
    ...overrides,
  };
}

export function deliveryPage(items: Delivery[], overrides: Partial<DeliveryPage> = {}): DeliveryPage {
  return { items, page: 1, pages: 1, per_page: 25, total: items.length, ...overrides };
}
