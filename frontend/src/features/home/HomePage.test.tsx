import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { components } from "../../api/schema";
import type { Me } from "../../api/types";
import { datasetSummary, me, problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { searchHit, searchPage } from "../search/fixtures";

type RequestPage = components["schemas"]["RequestPage"];
type RequestSummary = RequestPage["items"][number];
type RecentlyViewed = components["schemas"]["RecentlyViewed"];

const contributor: Me = { ...me, permissions: ["catalog:read", "metadata:propose"], domain_permissions: {} };
const steward: Me = { ...contributor, domain_permissions: { sales: ["changes:review"] } };

function request(overrides: Partial<RequestSummary> = {}): RequestSummary {
  return {
    id: 41,
    title: "Tag customers as Gold",
    status: "pending",
    route: "one_steward",
    domain: { key: "sales", name: "Sales" },
    proposer: { username: "ana", display_name: "Ana Lima" },
    item_count: 2,
    kinds: ["tag.add"],
    target: { dataset_id: 1, dataset: "customers", column: null },
    stale: false,
    created_at: "2025-03-04T10:00:00Z",
    decided_at: null,
    due_at: null,
    escalated: false,
    version: 1,
    ...overrides,
  };
}

function requestPage(items: RequestSummary[], total = items.length): RequestPage {
  return { items, page: 1, pages: 1, per_page: 5, total };
}

const popular = searchPage([
  searchHit(),
  searchHit({ id: 2, name: "orders", kind: "view", domain: null, source: { key: "erp", name: "ERP", platform: "mysql" } }),
]);

const recentlyViewed: RecentlyViewed = {
  items: [{ ...datasetSummary({ id: 3, name: "invoices" }), viewed_at: "2025-03-05T09:30:00Z" }],
};

function serve(who: Me, handlers: { search?: Handler; requests?: Handler; recent?: Handler } = {}) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(who),
    "GET /api/v1/me/recently-viewed": handlers.recent ?? (() => json(recentlyViewed)),
    "GET /api/v1/search": handlers.search ?? (() => json(popular)),
    "GET /api/v1/change-requests":
      handlers.requests ??
      ((_request, url) =>
        url.searchParams.get("reviewable") === "true"
          ? json(requestPage([request({ id: 99 })], 7))
          : json(requestPage([request()], 1))),
  });
}

const callsTo = (calls: ReturnType<typeof serve>["calls"], path: string) => calls.filter((call) => call.url.pathname === path);

describe("HomePage", () => {
  it("offers the search box, popular datasets, my pending contributions and a steward's queue size", async () => {
    const { calls } = serve(steward);
    renderApp("/");
    expect(await screen.findByRole("heading", { level: 1, name: "Find the data you need" })).toBeInTheDocument();
    // The page's own box takes the header's place: one search box, not two.
    expect(screen.getAllByRole("combobox", { name: "Search the catalog" })).toHaveLength(1);

    const popularList = await screen.findByRole("list", { name: "Popular datasets" });
    expect(within(popularList).getByRole("link", { name: "customers" })).toHaveAttribute("href", "/datasets/1");
    expect(within(popularList).getByText("No domain")).toBeInTheDocument();
    const recent = await screen.findByRole("list", { name: "Recently viewed datasets" });
    expect(within(recent).getByRole("link", { name: "invoices" })).toHaveAttribute("href", "/datasets/3");
    expect(within(recent).getByText(/^Viewed /)).toBeInTheDocument();

    const searched = callsTo(calls, "/api/v1/search")[0]!.url.searchParams;
    expect(searched.get("sort")).toBe("popularity");

    const pending = await screen.findByRole("list", { name: "My pending contributions" });
    expect(within(pending).getByRole("link", { name: "Tag customers as Gold" })).toHaveAttribute("href", "/requests/41");
    expect(within(pending).getByText("2 changes")).toBeInTheDocument();
    const mine = callsTo(calls, "/api/v1/change-requests").find((call) => call.url.searchParams.get("mine") === "true")!;
    expect(mine.url.searchParams.get("status")).toBe("pending");

    const queue = screen.getByRole("region", { name: "Review queue" });
    expect(await within(queue).findByRole("link", { name: "7" })).toHaveAttribute("href", "/review");
    expect(queue).toHaveTextContent("7 requests wait for your decision.");
  });

  it("shows neither contributions nor a queue to someone who may only read", async () => {
    const { calls } = serve({ ...me, permissions: ["catalog:read"], domain_permissions: {} });
    renderApp("/");
    await screen.findByRole("list", { name: "Popular datasets" });
    expect(screen.queryByRole("region", { name: "My pending contributions" })).not.toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Review queue" })).not.toBeInTheDocument();
    expect(callsTo(calls, "/api/v1/change-requests")).toHaveLength(0);
  });

  it("says plainly when the panels have nothing to show", async () => {
    serve(contributor, {
      search: () => json(searchPage([])),
      requests: () => json(requestPage([])),
      recent: () => json({ items: [] }),
    });
    renderApp("/");
    expect(await screen.findByText("The catalog has no datasets yet.")).toBeInTheDocument();
    expect(await screen.findByText(/Datasets you open show here/)).toBeInTheDocument();
    expect(await screen.findByText(/None waiting/)).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Review queue" })).not.toBeInTheDocument();
  });

  it("shows a panel's error with the API's message, keeps the others, and retries", async () => {
    let fail = true;
    serve(contributor, {
      search: () => (fail ? json(problem(500, "The search index is unavailable."), 500) : json(popular)),
    });
    const user = userEvent.setup();
    renderApp("/");
    const panel = await screen.findByRole("region", { name: "Popular datasets" });
    const alert = await within(panel).findByRole("alert");
    expect(alert).toHaveTextContent("The search index is unavailable.");
    expect(await screen.findByRole("list", { name: "My pending contributions" })).toBeInTheDocument();
    fail = false;
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(within(panel).getByRole("link", { name: "customers" })).toBeInTheDocument());
  });

  it("shows the recently viewed panel's error in place", async () => {
    serve(contributor, { recent: () => json(problem(500, "Views are not available right now."), 500) });
    renderApp("/");
    const panel = await screen.findByRole("region", { name: "Recently viewed" });
    expect(await within(panel).findByRole("alert")).toHaveTextContent("Views are not available right now.");
    expect(await screen.findByRole("list", { name: "Popular datasets" })).toBeInTheDocument();
  });

  it("shows the queue's error in its own panel", async () => {
    serve(steward, {
      requests: (_request, url) =>
        url.searchParams.get("reviewable") === "true"
          ? json(problem(403, "You may not review in this domain."), 403)
          : json(requestPage([])),
    });
    renderApp("/");
    const queue = await screen.findByRole("region", { name: "Review queue" });
    expect(await within(queue).findByRole("alert")).toHaveTextContent("You may not review in this domain.");
  });
});
