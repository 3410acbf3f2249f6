import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Domain, Me } from "../../api/types";
import { adminMe, domains, me, problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

// The first look waits for the page's lazily loaded chunk.
const LOAD = { timeout: 5000 };
const catalogAdmin: Me = { ...adminMe, permissions: ["catalog:admin", "catalog:read"] };

function serve(handlers: Record<string, Handler> = {}, who: Me = catalogAdmin) {
  let current: Domain[] = [...domains];
  return mockApi({
    "GET /api/v1/auth/me": () => json(who),
    "GET /api/v1/domains": () => json({ items: current }),
    "POST /api/v1/domains": async (request) => {
      const body = (await request.json()) as { key: string; name: string; description: string };
      const made = { ...body, dataset_count: 0 };
      current = [...current, made];
      return json(made, 201);
    },
    ...handlers,
  });
}

describe("administering domains", () => {
  it("lists the domains with their number of datasets", async () => {
    serve();
    renderApp("/admin/domains");
    const table = await screen.findByRole("table", { name: "Domains" }, LOAD);
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => within(row).getAllByRole("cell")[0]!.textContent)).toEqual(["Human Resourceshr", "Salessales"]);
    expect(within(rows[1]!).getByRole("link", { name: "2" })).toHaveAttribute("href", "/datasets?domain=sales");
    expect(screen.getByRole("navigation", { name: "Administration" })).toHaveTextContent("Domains");
  });

  it("creates a domain, suggesting its key from the name", async () => {
    const { calls } = serve();
    const user = userEvent.setup();
    renderApp("/admin/domains");
    await user.click(await screen.findByRole("button", { name: "New domain" }, LOAD));
    const form = screen.getByRole("form", { name: "New domain" });
    await user.type(within(form).getByLabelText("Name"), "Supply chain");
    expect(within(form).getByLabelText("Key")).toHaveValue("supply-chain");
    await user.type(within(form).getByLabelText("Description"), "Warehouses and trucks.");
    await user.click(within(form).getByRole("button", { name: "Create domain" }));
    // The form (and its focused button) is gone: focus goes to what happened, not to the page body.
    const notice = await screen.findByText("The domain “Supply chain” was created.");
    expect(notice).toHaveAttribute("role", "status");
    expect(notice).toHaveFocus();
    const post = calls.find((call) => call.method === "POST")!;
    expect(JSON.parse(post.body)).toEqual({ key: "supply-chain", name: "Supply chain", description: "Warehouses and trucks." });
    expect(await screen.findByRole("button", { name: "Edit Supply chain" })).toBeInTheDocument();
  });

  it("shows a taken key (409) on the key field", async () => {
    serve({ "POST /api/v1/domains": () => json(problem(409, "There is already a domain 'sales'.", { key: ["Taken."] }), 409) });
    const user = userEvent.setup();
    renderApp("/admin/domains");
    await user.click(await screen.findByRole("button", { name: "New domain" }, LOAD));
    await user.type(screen.getByLabelText("Name"), "Sales");
    await user.click(screen.getByRole("button", { name: "Create domain" }));
    await waitFor(() => expect(screen.getByLabelText("Key")).toHaveAccessibleDescription(/There is already a domain 'sales'\./));
    expect(screen.getByRole("form", { name: "New domain" })).toBeInTheDocument();
  });

  it("shows the server's field errors (422) next to the fields", async () => {
    serve({
      "POST /api/v1/domains": () =>
        json(problem(422, "Some values are not valid: see 'errors'.", { name: ["Must not be blank."] }), 422),
    });
    const user = userEvent.setup();
    renderApp("/admin/domains");
    await user.click(await screen.findByRole("button", { name: "New domain" }, LOAD));
    await user.type(screen.getByLabelText("Name"), "Ops");
    await user.click(screen.getByRole("button", { name: "Create domain" }));
    await waitFor(() => expect(screen.getByLabelText("Name")).toHaveAccessibleDescription(/^Must not be blank\./));
  });

  it("checks the key before sending", async () => {
    const { calls } = serve();
    const user = userEvent.setup();
    renderApp("/admin/domains");
    await user.click(await screen.findByRole("button", { name: "New domain" }, LOAD));
    await user.type(screen.getByLabelText("Name"), "Ops");
    await user.clear(screen.getByLabelText("Key"));
    await user.type(screen.getByLabelText("Key"), "Ops Team");
    await user.click(screen.getByRole("button", { name: "Create domain" }));
    expect(screen.getByLabelText("Key")).toHaveAccessibleDescription(/lower-case letters/);
    expect(screen.getByLabelText("Key")).toHaveFocus();
    expect(calls.some((call) => call.method === "POST")).toBe(false);
  });

  it("edits the name and description, never the key", async () => {
    const { calls } = serve({
      "PATCH /api/v1/domains/sales": async (request) => {
        const changes = (await request.json()) as Partial<Domain>;
        return json({ ...domains[0]!, ...changes });
      },
    });
    const user = userEvent.setup();
    renderApp("/admin/domains");
    await user.click(await screen.findByRole("button", { name: "Edit Sales" }, LOAD));
    const form = screen.getByRole("form", { name: "Edit Sales" });
    expect(within(form).getByLabelText("Key")).toHaveAttribute("readonly");
    const name = within(form).getByLabelText("Name");
    await user.clear(name);
    await user.type(name, "Sales & Marketing");
    await user.click(within(form).getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("“Sales & Marketing” was saved.")).toBeInTheDocument();
    const patch = calls.find((call) => call.method === "PATCH")!;
    expect(patch.url.pathname).toBe("/api/v1/domains/sales");
    expect(JSON.parse(patch.body)).toEqual({ name: "Sales & Marketing", description: "Orders, customers and revenue." });
  });

  it("refuses the page to someone without catalog:admin", async () => {
    serve({}, { ...me, permissions: ["catalog:read", "users:admin"] });
    renderApp("/admin/domains");
    expect(await screen.findByRole("heading", { name: "You cannot open this page" }, LOAD)).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("catalog:admin");
  });

  it("says so when the domains cannot be loaded", async () => {
    serve({ "GET /api/v1/domains": () => json(problem(500, "Database down."), 500) });
    renderApp("/admin/domains");
    expect(await screen.findByRole("heading", { name: "The domains could not be loaded" }, LOAD)).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Database down.");
  });
});
