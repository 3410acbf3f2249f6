import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { User } from "../../api/types";
import { adminMe, domains, personalToken, problem, user as aUser } from "../../test/fixtures";
import { json, mockApi, noContent } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

const LAST_ADMIN = "This is the last active administrator; grant admin to someone else first.";

function serve(account: User, handlers: Record<string, Handler> = {}) {
  let current = account;
  const api = mockApi({
    "GET /api/v1/auth/me": () => json(adminMe),
    "GET /api/v1/domains": () => json({ items: domains }),
    [`GET /api/v1/admin/users/${account.username}`]: () => json(current),
    [`GET /api/v1/admin/users/${account.username}/tokens`]: () => json([personalToken()]),
    [`POST /api/v1/admin/users/${account.username}/deactivate`]: () => {
      current = { ...current, active: false };
      return json(current);
    },
    [`POST /api/v1/admin/users/${account.username}/reactivate`]: () => {
      current = { ...current, active: true };
      return json(current);
    },
    [`POST /api/v1/admin/users/${account.username}/grants`]: async (request) => {
      const body = (await request.json()) as { role: User["grants"][number]["role"]; domain: string | null };
      const grant = { id: 99, ...body };
      current = { ...current, grants: [...current.grants, grant] };
      return json(grant, 201);
    },
    ...handlers,
  });
  return api;
}

describe("a user's page", () => {
  it("shows who it is, their roles with domain names, and their tokens", async () => {
    serve(aUser());
    renderApp("/admin/users/bo");
    expect(await screen.findByRole("heading", { level: 1, name: "Bo Chen" })).toBeInTheDocument();
    const roles = screen.getByRole("table", { name: "Roles of bo" });
    await waitFor(() => expect(within(roles).getByRole("row", { name: /steward/i })).toHaveTextContent("Sales"));
    expect(await screen.findByRole("table", { name: "Personal access tokens of bo" })).toHaveTextContent("nightly export");
  });

  it("says plainly that the last administrator cannot be deactivated (409)", async () => {
    serve(aUser({ username: "solo", display_name: "Solo Admin", grants: [{ id: 5, role: "admin", domain: null }] }), {
      "POST /api/v1/admin/users/solo/deactivate": () => json(problem(409, LAST_ADMIN), 409),
    });
    const user = userEvent.setup();
    renderApp("/admin/users/solo");
    await user.click(await screen.findByRole("button", { name: "Deactivate account" }));
    const dialog = screen.getByRole("dialog", { name: "Deactivate Solo Admin?" });
    await user.click(within(dialog).getByRole("button", { name: "Deactivate" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(LAST_ADMIN);
    // Nothing changed, and the dialog can be left.
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Deactivate account" })).toBeInTheDocument();
  });

  it("shows the 409 when revoking the last admin grant", async () => {
    serve(aUser({ username: "solo", grants: [{ id: 5, role: "admin", domain: null }] }), {
      "DELETE /api/v1/admin/users/solo/grants/5": () => json(problem(409, LAST_ADMIN), 409),
    });
    const user = userEvent.setup();
    renderApp("/admin/users/solo");
    await user.click(await screen.findByRole("button", { name: "Revoke admin everywhere" }));
    const dialog = screen.getByRole("dialog", { name: "Revoke admin everywhere?" });
    await user.click(within(dialog).getByRole("button", { name: "Revoke role" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(LAST_ADMIN);
  });

  it("deactivates after asking, then offers to reactivate", async () => {
    const { calls } = serve(aUser());
    const user = userEvent.setup();
    renderApp("/admin/users/bo");
    await user.click(await screen.findByRole("button", { name: "Deactivate account" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Deactivate" }));
    expect(await screen.findByRole("button", { name: "Reactivate account" })).toBeInTheDocument();
    expect(screen.getByText(/Deactivated: Bo Chen cannot sign in/)).toBeInTheDocument();
    expect(calls.some((call) => call.method === "POST" && call.url.pathname.endsWith("/deactivate"))).toBe(true);
  });

  it("grants a role in a domain (no id sent), and shows it", async () => {
    const { calls } = serve(aUser());
    const user = userEvent.setup();
    renderApp("/admin/users/bo");
    const form = await screen.findByRole("form", { name: "Grant a role" });
    await user.selectOptions(within(form).getByLabelText("Role"), "contributor");
    await waitFor(() => expect(within(form).getByRole("option", { name: "Human Resources" })).toBeInTheDocument());
    await user.selectOptions(within(form).getByLabelText("Where"), "hr");
    await user.click(within(form).getByRole("button", { name: "Grant" }));
    expect(await screen.findByText("Granted: contributor in Human Resources.")).toBeInTheDocument();
    const post = calls.find((call) => call.method === "POST" && call.url.pathname.endsWith("/grants"))!;
    expect(JSON.parse(post.body)).toEqual({ role: "contributor", domain: "hr" });
    expect(await screen.findByRole("row", { name: /contributor/i })).toHaveTextContent("Human Resources");
  });

  it("does not offer to grant what the account already has", async () => {
    serve(aUser());
    const user = userEvent.setup();
    renderApp("/admin/users/bo");
    const form = await screen.findByRole("form", { name: "Grant a role" });
    await user.selectOptions(within(form).getByLabelText("Role"), "steward");
    await waitFor(() => expect(within(form).getByRole("option", { name: "Sales" })).toBeInTheDocument());
    await user.selectOptions(within(form).getByLabelText("Where"), "sales");
    expect(within(form).getByRole("button", { name: "Grant" })).toBeDisabled();
    expect(within(form).getByText("bo already has this role here.")).toBeInTheDocument();
  });

  it("cannot deactivate one's own account", async () => {
    serve(aUser({ username: "root", display_name: "Rita Admin" }));
    renderApp("/admin/users/root");
    expect(await screen.findByRole("button", { name: "Deactivate account" })).toBeDisabled();
    expect(screen.getByText("This is your own account: you cannot deactivate it.")).toBeInTheDocument();
  });

  it("says when the account does not exist", async () => {
    mockApi({
      "GET /api/v1/auth/me": () => json(adminMe),
      "GET /api/v1/admin/users/ghost": () => json(problem(404, "There is no user 'ghost'."), 404),
    });
    renderApp("/admin/users/ghost");
    expect(await screen.findByRole("heading", { name: "This user does not exist" })).toBeInTheDocument();
  });

  it("revokes someone's token after asking", async () => {
    const { calls } = serve(aUser(), { "DELETE /api/v1/admin/users/bo/tokens/1": () => noContent() });
    const user = userEvent.setup();
    renderApp("/admin/users/bo");
    await user.click(await screen.findByRole("button", { name: "Revoke nightly export" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Revoke token" }));
    await waitFor(() => expect(calls.some((call) => call.method === "DELETE")).toBe(true));
  });
});
