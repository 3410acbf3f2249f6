import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ChangeKind, Me, Policy } from "../../api/types";
import { adminMe, domains, problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

const LOAD = { timeout: 5000 };
const policyAdmin: Me = { ...adminMe, permissions: ["catalog:read", "policies:admin"] };

const kinds: ChangeKind[] = [
  { name: "tag.add", label: "Add a tag", targets: "any", default_route: "one_steward", payload_fields: ["tag"] },
  {
    name: "personal_data.withdraw",
    label: "Withdraw personal data",
    targets: "any",
    default_route: "two_approvers",
    payload_fields: ["category"],
  },
];

const globalPolicies: Policy[] = [
  { kind: "tag.add", domain: null, route: "one_steward", due_days: 7, origin: "global" },
  { kind: "personal_data.withdraw", domain: null, route: "two_approvers", due_days: null, origin: "default" },
];
const salesPolicies: Policy[] = [
  { kind: "tag.add", domain: "sales", route: "apply_at_once", due_days: null, origin: "domain" },
  { kind: "personal_data.withdraw", domain: "sales", route: "two_approvers", due_days: null, origin: "default" },
];

function serve(handlers: Record<string, Handler> = {}) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(policyAdmin),
    "GET /api/v1/domains": () => json({ items: domains }),
    "GET /api/v1/change-kinds": () => json({ items: kinds }),
    "GET /api/v1/policies": (_request, url) =>
      json({ items: url.searchParams.get("domain") === "sales" ? salesPolicies : globalPolicies }),
    ...handlers,
  });
}

function row(name: string) {
  return screen.getByRole("row", { name: new RegExp(`^${name}`) });
}

describe("administering approval policies", () => {
  it("shows the effective route of every kind and where it comes from", async () => {
    serve();
    renderApp("/admin/policies");
    await screen.findByRole("table", { name: "Policies" }, LOAD);
    expect(row("Add a tag")).toHaveTextContent(/One steward.*After 7 days.*Global policy/);
    expect(row("Withdraw personal data")).toHaveTextContent(/Two approvers.*Never.*Built-in default/);
  });

  it("shows a domain's own policies beside the global ones, the domain kept in the URL", async () => {
    serve();
    const user = userEvent.setup();
    const { router } = renderApp("/admin/policies");
    await screen.findByRole("table", { name: "Policies" }, LOAD);
    await waitFor(() => expect(screen.getAllByRole("option")).toHaveLength(3));
    await user.selectOptions(screen.getByLabelText("Where"), "sales");
    await waitFor(() => expect(row("Add a tag")).toHaveTextContent(/Applied at once.*This domain.*One steward/));
    expect(screen.getByRole("columnheader", { name: "Global" })).toBeInTheDocument();
    expect(router.state.location.search).toBe("?domain=sales");
  });

  it("edits a domain's route and escalation", async () => {
    const { calls } = serve({
      "PUT /api/v1/policies": () => json({ kind: "tag.add", domain: "sales", route: "two_approvers", due_days: 3, origin: "domain" }),
    });
    const user = userEvent.setup();
    renderApp("/admin/policies?domain=sales");
    await screen.findByRole("table", { name: "Policies" }, LOAD);
    await user.click(screen.getByRole("button", { name: "Edit policy for Add a tag" }));
    const form = await screen.findByRole("form", { name: "Policy for Add a tag in Sales" });
    await user.click(within(form).getByRole("radio", { name: /Two approvers/ }));
    await user.type(within(form).getByLabelText("Escalate to admins after (days)"), "3");
    await user.click(within(form).getByRole("button", { name: "Save policy" }));
    expect(await screen.findByText("Add a tag: Two approvers (this domain).")).toBeInTheDocument();
    const put = calls.find((call) => call.method === "PUT")!;
    expect(JSON.parse(put.body)).toEqual({ domain: "sales", kind: "tag.add", route: "two_approvers", due_days: 3 });
  });

  it("shows the server's refusal to weaken a safeguard", async () => {
    const refusal = "'personal_data.withdraw' removes a protection: it always needs two approvers.";
    serve({
      "PUT /api/v1/policies": () => json(problem(422, refusal, { route: ["Only two_approvers for this kind."] }), 422),
    });
    const user = userEvent.setup();
    renderApp("/admin/policies");
    await screen.findByRole("table", { name: "Policies" }, LOAD);
    await user.click(screen.getByRole("button", { name: "Edit policy for Withdraw personal data" }));
    const form = await screen.findByRole("form", { name: "Policy for Withdraw personal data in every domain" });
    await user.click(within(form).getByRole("radio", { name: /One steward/ }));
    await user.click(within(form).getByRole("button", { name: "Save policy" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent(refusal);
    expect(within(form).getByRole("group", { name: "Route" })).toHaveAccessibleDescription("Only two_approvers for this kind.");
    expect(screen.getByRole("form", { name: /Policy for Withdraw/ })).toBeInTheDocument();
  });

  it("removes a domain's own policy so the global one applies", async () => {
    const { calls } = serve({
      "PUT /api/v1/policies": () => json({ kind: "tag.add", domain: "sales", route: "one_steward", due_days: 7, origin: "global" }),
    });
    const user = userEvent.setup();
    renderApp("/admin/policies?domain=sales");
    await screen.findByRole("table", { name: "Policies" }, LOAD);
    await user.click(screen.getByRole("button", { name: "Edit policy for Add a tag" }));
    await user.click(await screen.findByRole("button", { name: "Remove (use the global policy)" }));
    expect(await screen.findByText("Add a tag: One steward (global policy).")).toBeInTheDocument();
    expect(JSON.parse(calls.find((call) => call.method === "PUT")!.body)).toEqual({
      domain: "sales",
      kind: "tag.add",
      route: null,
      due_days: null,
    });
  });

  it("checks the escalation days before sending", async () => {
    const { calls } = serve();
    const user = userEvent.setup();
    renderApp("/admin/policies");
    await screen.findByRole("table", { name: "Policies" }, LOAD);
    await user.click(screen.getByRole("button", { name: "Edit policy for Add a tag" }));
    const days = await screen.findByLabelText("Escalate to admins after (days)");
    await user.clear(days);
    await user.type(days, "400");
    await user.click(screen.getByRole("button", { name: "Save policy" }));
    expect(days).toHaveAccessibleDescription(/from 1 to 365/);
    expect(calls.some((call) => call.method === "PUT")).toBe(false);
    // The global policy of this kind is set at this level: removing it brings back the built-in default.
    expect(screen.getByRole("button", { name: "Remove (use the built-in default)" })).toBeInTheDocument();
  });

  it("refuses the page without policies:admin", async () => {
    mockApi({ "GET /api/v1/auth/me": () => json({ ...adminMe, permissions: ["catalog:read", "users:admin"] }) });
    renderApp("/admin/policies");
    expect(await screen.findByRole("heading", { name: "You cannot open this page" }, LOAD)).toBeInTheDocument();
  });
});
