import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Source } from "../../api/types";
import { domains, me, problem, sources } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { connection, operations, run, runPage, sourcesAdminMe, sqlConnector } from "./testData";

const files: Source = { ...sources[0]!, key: "drop", name: "File drop", platform: "files", domain: null, dataset_count: 0 };

function serve(handlers: Record<string, Handler> = {}) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(sourcesAdminMe),
    "GET /api/v1/sources": () => json({ items: [sources[0], files] }),
    "GET /api/v1/connections": () =>
      json({
        items: [
          operations({ last_run: run({ status: "failed", finished_at: "2025-03-04T10:01:06Z" }) }),
          { source: "drop", connection: null, last_run: null },
        ],
      }),
    "GET /api/v1/connectors": () => json({ items: [sqlConnector] }),
    "GET /api/v1/domains": () => json({ items: domains }),
    ...handlers,
  });
}

describe("Sources administration", { timeout: 20_000 }, () => {
  it("lists each source with its connector, schedule, last run and datasets", async () => {
    serve();
    renderApp("/admin/sources");
    const table = await screen.findByRole("table", { name: "Sources" }, { timeout: 5000 });
    const [, crm, drop] = within(table).getAllByRole("row");
    expect(within(crm!).getByRole("link", { name: "CRM" })).toHaveAttribute("href", "/admin/sources/crm");
    expect(crm).toHaveTextContent("SQL database");
    expect(crm).toHaveTextContent("0 3 * * *");
    expect(crm).toHaveTextContent("Failed");
    expect(within(crm!).getAllByRole("cell").at(-1)).toHaveTextContent("2");
    expect(drop).toHaveTextContent("None (push only)");
    expect(drop).toHaveTextContent("Never");
  });

  it("creates a source and opens its page", async () => {
    let created: unknown;
    serve({
      "POST /api/v1/sources": async (request) => {
        created = await request.json();
        return json({ ...files, key: "ledger", name: "Ledger", platform: "postgresql" }, 201);
      },
      "GET /api/v1/sources/ledger": () => json({ ...files, key: "ledger", name: "Ledger", platform: "postgresql" }),
      "GET /api/v1/sources/ledger/connection": () => json(problem(404, "The source 'ledger' has no connection."), 404),
      "GET /api/v1/sources/ledger/runs": () => json(runPage([])),
    });
    const user = userEvent.setup();
    const { router } = renderApp("/admin/sources");
    await user.click(await screen.findByRole("button", { name: "New source" }, { timeout: 5000 }));
    const form = screen.getByRole("form", { name: "New source" });

    await user.click(within(form).getByRole("button", { name: "Create source" }));
    expect(within(form).getByLabelText("Key")).toHaveAccessibleDescription(/Give the source a key/);

    await user.type(within(form).getByLabelText("Key"), "ledger");
    await user.type(within(form).getByLabelText("Name"), "Ledger");
    await user.type(within(form).getByLabelText("Platform"), "postgresql");
    await waitFor(() => expect(within(form).getByRole("option", { name: "Sales" })).toBeInTheDocument());
    await user.selectOptions(within(form).getByLabelText("Domain"), "sales");
    await user.click(within(form).getByRole("button", { name: "Create source" }));

    expect(await screen.findByRole("heading", { name: "Ledger" }, { timeout: 5000 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/admin/sources/ledger");
    expect(created).toEqual({ key: "ledger", name: "Ledger", platform: "postgresql", domain: "sales", description: "" });
  });

  it("starts a crawl with Run now and follows it on the run's page; a refusal is shown as said", async () => {
    let refuse = true;
    serve({
      "GET /api/v1/sources/crm": () => json(sources[0]),
      "GET /api/v1/sources/crm/connection": () => json(connection()),
      "GET /api/v1/sources/crm/runs": () => json(runPage([run()])),
      "POST /api/v1/sources/crm/runs": () =>
        refuse
          ? json(problem(409, "A crawl of 'crm' is already queued or running."), 409)
          : json(run({ id: 8, status: "queued", started_at: null, finished_at: null }), 202),
      "GET /api/v1/runs/8": () => json(run({ id: 8, status: "running", finished_at: null, progress: { done: 1, total: 4, message: "Reading" } })),
    });
    const user = userEvent.setup();
    const { router } = renderApp("/admin/sources/crm");

    const runs = await screen.findByRole("table", { name: "Runs" }, { timeout: 5000 });
    const row = within(runs).getAllByRole("row")[1]!;
    expect(row).toHaveTextContent("#7");
    expect(row).toHaveTextContent("Succeeded");
    expect(row).toHaveTextContent("root");
    expect(row).toHaveTextContent("1 min 5 s");
    expect(row).toHaveTextContent("4 created · 1 updated · 0 removed");

    await user.click(screen.getByRole("button", { name: "Run now" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("A crawl of 'crm' is already queued or running.");

    refuse = false;
    await user.click(screen.getByRole("button", { name: "Run now" }));
    expect(await screen.findByRole("heading", { name: "Run #8" }, { timeout: 5000 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/admin/runs/8");
  });

  it("is refused to someone without sources:admin", async () => {
    mockApi({ "GET /api/v1/auth/me": () => json({ ...me, permissions: ["catalog:read", "users:admin"] }) });
    renderApp("/admin/sources");
    expect(await screen.findByRole("heading", { name: "You cannot open this page" }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Sources" })).not.toBeInTheDocument();
  });
});
