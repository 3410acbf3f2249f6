/** Test helpers for contribution actions: a contributor, change requests, a small app around a component. */
import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import type { ReactElement } from "react";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import type { DatasetDetail, Me } from "../../api/types";
import { createQueryClient } from "../../app/queryClient";
import { datasetDetail, me, tags } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { SessionProvider } from "../auth/session";
import type { ChangeItem, ChangeRequest, Proposal, Vocabulary } from "./types";

export const contributor: Me = { ...me, permissions: ["catalog:read", "metadata:propose"] };

export const vocabularies: Vocabulary[] = [
  { key: "quality", name: "Quality", description: "", domain: null, tags: [] },
  { key: "sales-terms", name: "Sales terms", description: "", domain: { key: "sales", name: "Sales" }, tags: [] },
  { key: "hr-terms", name: "HR terms", description: "", domain: { key: "hr", name: "Human Resources" }, tags: [] },
];

export function changeItem(overrides: Partial<ChangeItem> = {}): ChangeItem {
  return {
    id: 100,
    position: 0,
    kind: "tag.add",
    dataset_id: 1,
    column_id: null,
    target: "customers",
    target_removed: false,
    payload: {},
    before: null,
    current: null,
    after: null,
    stale: false,
    status: "pending",
    decided_at: null,
    ...overrides,
  };
}

export function changeRequest(overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  return {
    id: 42,
    title: "Tag customers as gold",
    status: "pending",
    route: "one_steward",
    kinds: ["tag.add"],
    domain: { key: "sales", name: "Sales" },
    proposer: { username: "ana", display_name: "Ana Lima" },
    item_count: 1,
    target: { dataset_id: 1, dataset: "customers", column: null },
    stale: false,
    created_at: "2025-03-05T10:00:00Z",
    decided_at: null,
    due_at: null,
    escalated: false,
    version: 1,
    rationale: "",
    approvals_needed: 1,
    items: [changeItem()],
    reviews: [],
    comments: [],
    ...overrides,
  };
}

export function proposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    request_id: 7,
    item_id: 70,
    kind: "tag.add",
    column: null,
    payload: { tag: "gold" },
    status: "pending",
    proposer: "bo",
    created_at: "2025-03-04T10:00:00Z",
    ...overrides,
  };
}

/**
 * A fake API for a dataset page's contributions: who I am, the dataset, the vocabulary, and
 * `POST /api/v1/change-requests` answered by `answer`.
 */
export function serveContributions(answer: Handler, { dataset = datasetDetail(), who = contributor }: { dataset?: DatasetDetail; who?: Me } = {}) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(who),
    "GET /api/v1/datasets/1": () => json(dataset),
    "GET /api/v1/tags": () => json({ items: tags }),
    "GET /api/v1/vocabularies": () => json({ items: vocabularies }),
    "POST /api/v1/change-requests": answer,
  });
}

/** The JSON bodies the component posted to /change-requests. */
export function postedBodies(calls: { method: string; url: URL; body: string }[]): unknown[] {
  return calls.filter((call) => call.method === "POST" && call.url.pathname === "/api/v1/change-requests").map((call) => JSON.parse(call.body));
}

/** A component with what it needs around it (cache, session, router with a stub request page). */
export function renderContribution(ui: ReactElement) {
  const queryClient = createQueryClient({ retry: false });
  const router = createMemoryRouter(
    [
      { path: "/requests/:requestId", element: <p>Change request page</p> },
      { path: "*", element: ui },
    ],
    { initialEntries: ["/datasets/1"] },
  );
  const result = render(
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>,
  );
  return { ...result, router, queryClient };
}

/** The open dialog (the native <dialog> with the `open` attribute). */
export async function openDialog(name: string | RegExp) {
  const dialog = await screen.findByRole("dialog", { name });
  return within(dialog);
}
