import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { PersonalToken } from "../../api/types";
import { createdToken, me, personalToken, problem } from "../../test/fixtures";
import { json, mockApi, noContent } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

function serve(initial: PersonalToken[]) {
  let tokens = [...initial];
  const api = mockApi({
    "GET /api/v1/auth/me": () => json(me),
    "GET /api/v1/me/tokens": () => json(tokens),
    "POST /api/v1/me/tokens": () => {
      const created = createdToken();
      const { token: _secret, ...listed } = created;
      tokens = [listed, ...tokens];
      return json(created, 201);
    },
    "DELETE /api/v1/me/tokens/1": () => {
      tokens = tokens.map((t) => (t.id === 1 ? { ...t, revoked_at: "2025-03-01T00:00:00Z" } : t));
      return noContent();
    },
  });
  return api;
}

describe("personal access tokens", () => {
  it("lists tokens with prefix, scopes, dates and status", async () => {
    serve([
      personalToken(),
      personalToken({ id: 3, name: "old", revoked_at: "2025-02-02T00:00:00Z", last_used_at: "2025-02-01T12:00:00Z" }),
    ]);
    renderApp("/account");
    const table = await screen.findByRole("table", { name: "Your personal access tokens" });
    const rows = within(table).getAllByRole("row");
    expect(rows[1]).toHaveTextContent("nightly export");
    expect(rows[1]).toHaveTextContent("cat_pat_AbCd…");
    expect(rows[1]).toHaveTextContent("catalog:read");
    expect(rows[1]).toHaveTextContent("Never");
    expect(rows[1]).toHaveTextContent("Active");
    expect(rows[2]).toHaveTextContent("Revoked");
    expect(within(rows[2]!).queryByRole("button", { name: /Revoke/ })).not.toBeInTheDocument();
  });

  it("shows a new token once, with a warning, and never again after closing", async () => {
    const { calls } = serve([]);
    const user = userEvent.setup();
    renderApp("/account");
    await screen.findByText("You have no personal access tokens.");
    await user.click(screen.getByRole("button", { name: "New token" }));
    const form = screen.getByRole("form", { name: "New personal access token" });
    await user.type(within(form).getByLabelText("Name"), "dbt run");
    await user.click(within(form).getByRole("checkbox", { name: /metadata:write/ }));
    await user.clear(within(form).getByLabelText("Expires after (days)"));
    await user.type(within(form).getByLabelText("Expires after (days)"), "30");
    await user.click(within(form).getByRole("button", { name: "Create token" }));

    const secret = await screen.findByLabelText("Token");
    expect(secret).toHaveValue("cat_pat_XyZw-the-secret-itself");
    expect(screen.getByText(/shown this once only/)).toBeInTheDocument();
    const post = calls.find((call) => call.method === "POST")!;
    expect(JSON.parse(post.body)).toEqual({ name: "dbt run", scopes: ["catalog:read", "metadata:write"], expires_in_days: 30 });

    await user.click(screen.getByRole("button", { name: "I have copied it, close" }));
    expect(screen.queryByLabelText("Token")).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue("cat_pat_XyZw-the-secret-itself")).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent("the-secret-itself");
    // The list now has it, by name and prefix only.
    const table = await screen.findByRole("table", { name: "Your personal access tokens" });
    expect(within(table).getByRole("row", { name: /dbt run/ })).toHaveTextContent("cat_pat_XyZw…");
  });

  it("checks the form before sending, and shows the server's field errors", async () => {
    const { calls } = mockApi({
      "GET /api/v1/auth/me": () => json(me),
      "GET /api/v1/me/tokens": () => json([]),
      "POST /api/v1/me/tokens": () =>
        json(problem(422, "A personal token lasts between 1 and 90 days.", { expires_in_days: ["Must be between 1 and 90."] }), 422),
    });
    const user = userEvent.setup();
    renderApp("/account");
    await user.click(await screen.findByRole("button", { name: "New token" }));
    await user.click(screen.getByRole("checkbox", { name: /catalog:read/ }));
    await user.click(screen.getByRole("button", { name: "Create token" }));
    expect(screen.getByLabelText("Name")).toHaveAccessibleDescription(/Say what the token is for\./);
    expect(screen.getByText("Choose at least one scope.")).toBeInTheDocument();
    expect(calls.some((call) => call.method === "POST")).toBe(false);

    await user.type(screen.getByLabelText("Name"), "export");
    await user.click(screen.getByRole("checkbox", { name: /catalog:read/ }));
    await user.clear(screen.getByLabelText("Expires after (days)"));
    await user.type(screen.getByLabelText("Expires after (days)"), "400");
    await user.click(screen.getByRole("button", { name: "Create token" }));
    await waitFor(() => expect(screen.getByLabelText("Expires after (days)")).toHaveAccessibleDescription("Must be between 1 and 90."));
    expect(screen.getByRole("alert")).toHaveTextContent("A personal token lasts between 1 and 90 days.");
  });

  it("revokes a token after asking", async () => {
    const { calls } = serve([personalToken()]);
    const user = userEvent.setup();
    renderApp("/account");
    await user.click(await screen.findByRole("button", { name: "Revoke nightly export" }));
    const dialog = screen.getByRole("dialog", { name: "Revoke the token “nightly export”?" });
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.click(within(dialog).getByRole("button", { name: "Revoke token" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(calls.some((call) => call.method === "DELETE" && call.url.pathname === "/api/v1/me/tokens/1")).toBe(true);
    expect(await screen.findByText("Revoked")).toBeInTheDocument();
  });
});
