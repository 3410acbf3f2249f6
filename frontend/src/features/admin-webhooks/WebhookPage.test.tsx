import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Delivery } from "../../api/types";
import { problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { sourcesAdminMe } from "../admin-sources/testData";
import { delivery, deliveryPage, webhook } from "./testData";

function serve(handlers: Record<string, Handler> = {}) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(sourcesAdminMe),
    "GET /api/v1/admin/webhooks/1": () => json(webhook()),
    ...handlers,
  });
}

async function deliveriesTable() {
  return screen.findByRole("table", { name: "Deliveries" }, { timeout: 5000 });
}

describe("Webhook deliveries", { timeout: 20_000 }, () => {
  it("lists deliveries with status, attempts, response code and next retry, page by page", async () => {
    const pending = delivery({
      id: 32,
      topic: "quality_issue.reported",
      status: "pending",
      attempts: 2,
      last_response_status: null,
      last_error: "Connection timed out",
      next_attempt_at: "2025-03-04T10:33:00Z",
    });
    const { calls } = serve({
      "GET /api/v1/admin/webhooks/1/deliveries": (_request, url) =>
        url.searchParams.get("page") === "2"
          ? json(deliveryPage([delivery({ id: 5, topic: "dataset.changed", status: "succeeded", last_response_status: 204 })], { page: 2, pages: 2, total: 3 }))
          : json(deliveryPage([pending, delivery()], { pages: 2, total: 3 })),
    });
    const user = userEvent.setup();
    renderApp("/admin/webhooks/1");

    expect(await screen.findByRole("heading", { name: "Ops relay" }, { timeout: 5000 })).toBeInTheDocument();
    const rows = within(await deliveriesTable()).getAllByRole("row");
    expect(rows[1]).toHaveTextContent("quality_issue.reported");
    expect(rows[1]).toHaveTextContent("Pending");
    expect(rows[1]).toHaveTextContent("Connection timed out");
    expect(within(rows[1]!).getAllByRole("cell")[5]).not.toHaveTextContent("—");
    expect(rows[2]).toHaveTextContent("Failed");
    expect(rows[2]).toHaveTextContent("HTTP 503");
    expect(within(rows[2]!).getAllByRole("cell")[2]).toHaveTextContent("6");
    expect(screen.getByRole("heading", { name: "Deliveries (3)" })).toBeInTheDocument();

    await user.click(screen.getByRole("link", { name: "Page 2" }));
    await waitFor(() => expect(screen.getByRole("table", { name: "Deliveries" })).toHaveTextContent("dataset.changed"));
    expect(screen.getByRole("table", { name: "Deliveries" })).toHaveTextContent("Delivered");
    expect(calls.at(-1)!.url.searchParams.get("page")).toBe("2");
  });

  it("filters by status through the address", async () => {
    const { calls } = serve({ "GET /api/v1/admin/webhooks/1/deliveries": () => json(deliveryPage([])) });
    const user = userEvent.setup();
    const { router } = renderApp("/admin/webhooks/1");
    await screen.findByRole("heading", { name: "No deliveries yet" }, { timeout: 5000 });
    await user.selectOptions(screen.getByRole("combobox", { name: "Status" }), "failed");
    expect(await screen.findByRole("heading", { name: "No failed deliveries" })).toBeInTheDocument();
    expect(router.state.location.search).toBe("?status=failed");
    expect(calls.at(-1)!.url.searchParams.get("status")).toBe("failed");
  });

  it("redelivers a failed delivery, which shows as pending again", async () => {
    let current: Delivery = delivery();
    const { calls } = serve({
      "GET /api/v1/admin/webhooks/1/deliveries": () => json(deliveryPage([current])),
      "POST /api/v1/admin/webhooks/1/deliveries/31/redeliver": () => {
        current = delivery({ status: "pending", attempts: 0, next_attempt_at: "2025-03-04T11:00:00Z" });
        return json(current, 202);
      },
    });
    const user = userEvent.setup();
    renderApp("/admin/webhooks/1");
    const row = within(await deliveriesTable()).getAllByRole("row")[1]!;
    expect(row).toHaveTextContent("Failed");

    await user.click(within(row).getByRole("button", { name: "Redeliver delivery 31" }));

    expect(await screen.findByText(/Delivery #31 \(change_request.decided\) is queued again/)).toBeInTheDocument();
    await waitFor(() => expect(within(screen.getByRole("table", { name: "Deliveries" })).getAllByRole("row")[1]).toHaveTextContent("Pending"));
    expect(calls.filter((call) => call.method === "POST" && call.url.pathname.endsWith("/redeliver"))).toHaveLength(1);
  });

  it("shows why a redelivery was refused", async () => {
    serve({
      "GET /api/v1/admin/webhooks/1/deliveries": () => json(deliveryPage([delivery()])),
      "POST /api/v1/admin/webhooks/1/deliveries/31/redeliver": () => json(problem(404, "There is no delivery 31 of this webhook."), 404),
    });
    const user = userEvent.setup();
    renderApp("/admin/webhooks/1");
    await deliveriesTable();
    await user.click(screen.getByRole("button", { name: "Redeliver delivery 31" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("There is no delivery 31 of this webhook.");
  });

  it("says so when the webhook does not exist", async () => {
    serve({ "GET /api/v1/admin/webhooks/1": () => json(problem(404, "There is no webhook 1."), 404) });
    renderApp("/admin/webhooks/1");
    expect(await screen.findByRole("heading", { name: "This webhook does not exist" }, { timeout: 5000 })).toBeInTheDocument();
  });
});
