import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { adminMe, user as aUser, userPage } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

function serve(list: Handler) {
  const api = mockApi({ "GET /api/v1/auth/me": () => json(adminMe), "GET /api/v1/admin/users": list });
  const listCalls = () => api.calls.filter((call) => call.url.pathname === "/api/v1/admin/users");
  return { ...api, listCalls };
}

describe("the user list", () => {
  it("lists accounts with their roles and status, linking to each", async () => {
    serve(() =>
      json(userPage([aUser(), aUser({ username: "zoe", display_name: "", active: false, grants: [], is_service_account: true })])),
    );
    renderApp("/admin/users");
    const table = await screen.findByRole("table", { name: "Users" });
    const rows = within(table).getAllByRole("row");
    expect(within(rows[1]!).getByRole("link", { name: "Bo Chen" })).toHaveAttribute("href", "/admin/users/bo");
    expect(rows[1]).toHaveTextContent("steward in sales");
    expect(rows[1]).toHaveTextContent("Active");
    expect(rows[2]).toHaveTextContent("Deactivated");
    expect(rows[2]).toHaveTextContent("Service account");
    expect(rows[2]).toHaveTextContent("No roles");
  });

  it("keeps search, status and role in the address and sends them to the API", async () => {
    const { listCalls } = serve(() => json(userPage([aUser()])));
    const user = userEvent.setup();
    const { router } = renderApp("/admin/users?page=2");
    await screen.findByRole("table", { name: "Users" });
    await user.selectOptions(screen.getByLabelText("Role"), "steward");
    await user.selectOptions(screen.getByLabelText("Status"), "false");
    await user.type(screen.getByLabelText("Search"), "bo{Enter}");
    await waitFor(() => expect(router.state.location.search).toBe("?q=bo&active=false&role=steward"));
    await waitFor(() => {
      const query = listCalls().at(-1)!.url.searchParams;
      expect(Object.fromEntries(query)).toEqual({ page: "1", per_page: "25", q: "bo", active: "false", role: "steward" });
    });
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(router.state.location.search).toBe(""));
  });

  it("says when nobody matches", async () => {
    serve(() => json(userPage([])));
    renderApp("/admin/users?q=nobody");
    expect(await screen.findByRole("heading", { name: "No user matches these filters" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Clear the filters" })).toHaveAttribute("href", "/admin/users");
  });

  it("pages through long lists by address", async () => {
    serve((_request, url) => json(userPage([aUser()], { page: Number(url.searchParams.get("page")), pages: 3, total: 51 })));
    renderApp("/admin/users?role=viewer&page=2");
    const pagination = await screen.findByRole("navigation", { name: "Pagination" });
    expect(within(pagination).getByRole("link", { name: "Next ›" })).toHaveAttribute("href", "/admin/users?role=viewer&page=3");
  });
});
