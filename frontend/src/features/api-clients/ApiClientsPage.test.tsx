import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ApiClient } from "../../api/types";
import { adminMe, apiClient, me, problem, sources } from "../../test/fixtures";
import { json, mockApi, noContent } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

function serve(initial: ApiClient[], handlers: Record<string, Handler> = {}) {
  let clients = [...initial];
  return mockApi({
    "GET /api/v1/auth/me": () => json(adminMe),
    "GET /api/v1/sources": () => json({ items: sources }),
    "GET /api/v1/admin/api-clients": () => json(clients),
    "POST /api/v1/admin/api-clients": async (request) => {
      const body = (await request.json()) as { name: string; sources: string[] };
      clients = [...clients, apiClient({ client_id: "client-new", username: "client-new", name: body.name, sources: body.sources })];
      return json({ client_id: "client-new", client_secret: "cat_cs_first-secret" }, 201);
    },
    "POST /api/v1/admin/api-clients/client-abc123/rotate-secret": () => {
      clients = clients.map((c) => (c.client_id === "client-abc123" ? { ...c, secret_rotated_at: "2025-03-01T00:00:00Z" } : c));
      return json({ client_id: "client-abc123", client_secret: "cat_cs_second-secret" });
    },
    "DELETE /api/v1/admin/api-clients/client-abc123": () => {
      clients = clients.map((c) => (c.client_id === "client-abc123" ? { ...c, revoked_at: "2025-03-01T00:00:00Z" } : c));
      return noContent();
    },
    ...handlers,
  });
}

describe("API clients", () => {
  it("lists clients with scopes, sources and status", async () => {
    serve([apiClient(), apiClient({ client_id: "client-old", name: "old crawler", revoked_at: "2025-02-02T00:00:00Z", sources: [] })]);
    renderApp("/admin/api-clients");
    const table = await screen.findByRole("table", { name: "API clients" });
    const rows = within(table).getAllByRole("row");
    expect(rows[1]).toHaveTextContent("dbt crawler");
    expect(rows[1]).toHaveTextContent("metadata:write");
    expect(rows[1]).toHaveTextContent("crm");
    expect(rows[1]).toHaveTextContent("Active");
    expect(rows[2]).toHaveTextContent("Revoked");
    expect(within(rows[2]!).queryByRole("button")).not.toBeInTheDocument();
  });

  it("creates a client bound to sources and shows its id and secret once", async () => {
    const { calls } = serve([]);
    const user = userEvent.setup();
    renderApp("/admin/api-clients");
    await screen.findByRole("heading", { name: "No API clients yet" });
    await user.click(screen.getByRole("button", { name: "New API client" }));
    await user.type(screen.getByLabelText("Name"), "dbt crawler");
    await user.click(screen.getByRole("checkbox", { name: /Read the catalog/ }));
    await user.click(await screen.findByRole("checkbox", { name: /CRM/ }));
    await user.click(screen.getByRole("button", { name: "Create API client" }));

    expect(await screen.findByLabelText("Client secret")).toHaveValue("cat_cs_first-secret");
    expect(screen.getByLabelText("Client ID")).toHaveValue("client-new");
    expect(screen.getByText(/shown this once only/)).toBeInTheDocument();
    const post = calls.find((call) => call.method === "POST")!;
    expect(JSON.parse(post.body)).toEqual({ name: "dbt crawler", scopes: ["metadata:write"], sources: ["crm"], username: null });

    await user.click(screen.getByRole("button", { name: "I have copied it, close" }));
    expect(document.body).not.toHaveTextContent("cat_cs_first-secret");
    expect(await screen.findByRole("table", { name: "API clients" })).toHaveTextContent("dbt crawler");
  });

  it("rotates a secret after asking, and shows the new one once", async () => {
    serve([apiClient()]);
    const user = userEvent.setup();
    renderApp("/admin/api-clients");
    await user.click(await screen.findByRole("button", { name: "New secret for dbt crawler" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Make a new secret" }));
    expect(await screen.findByLabelText("Client secret")).toHaveValue("cat_cs_second-secret");
    await user.click(screen.getByRole("button", { name: "I have copied it, close" }));
    expect(screen.queryByLabelText("Client secret")).not.toBeInTheDocument();
  });

  it("revokes after asking, and shows a refusal with the server's words", async () => {
    serve([apiClient()], {
      "DELETE /api/v1/admin/api-clients/client-abc123": () => json(problem(409, "The API client 'client-abc123' is revoked."), 409),
    });
    const user = userEvent.setup();
    renderApp("/admin/api-clients");
    await user.click(await screen.findByRole("button", { name: "Revoke dbt crawler" }));
    const dialog = screen.getByRole("dialog", { name: "Revoke “dbt crawler”?" });
    await user.click(within(dialog).getByRole("button", { name: "Revoke client" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("The API client 'client-abc123' is revoked.");
  });

  it("shows a source the server refuses beside the sources", async () => {
    serve([], {
      "POST /api/v1/admin/api-clients": () =>
        json(problem(422, "Some sources do not exist.", { sources: ["There is no source 'crm'."] }), 422),
    });
    const user = userEvent.setup();
    renderApp("/admin/api-clients");
    await user.click(await screen.findByRole("button", { name: "New API client" }));
    await user.type(screen.getByLabelText("Name"), "x");
    await user.click(await screen.findByRole("checkbox", { name: /CRM/ }));
    await user.click(screen.getByRole("button", { name: "Create API client" }));
    await waitFor(() =>
      expect(screen.getByRole("group", { name: /Sources/ })).toHaveAccessibleDescription(/There is no source 'crm'\./),
    );
  });

  it("is not for those without the permission", async () => {
    mockApi({ "GET /api/v1/auth/me": () => json({ ...me, permissions: ["catalog:read", "users:admin"] }) });
    renderApp("/admin/api-clients");
    expect(await screen.findByRole("heading", { name: "You cannot open this page" })).toBeInTheDocument();
  });
});
