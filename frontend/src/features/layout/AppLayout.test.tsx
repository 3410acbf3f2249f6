import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Me } from "../../api/types";
import { adminMe, auditPage, datasetPage, domains, me, sources, tags } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

function serve(who: Me) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(who),
    "GET /api/v1/domains": () => json({ items: domains }),
    "GET /api/v1/sources": () => json({ items: sources }),
    "GET /api/v1/tags": () => json({ items: tags }),
    "GET /api/v1/datasets": () => json(datasetPage([])),
    "GET /api/v1/audit-events": () => json(auditPage([])),
  });
}

describe("the header", () => {
  it("has no Admin link for someone without admin permissions", async () => {
    serve(me);
    renderApp("/datasets");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Datasets" })).toBeInTheDocument();
    expect(within(nav).queryByRole("link", { name: "Admin" })).not.toBeInTheDocument();
  });

  it("shows Admin to an administrator, opening the first section", async () => {
    serve(adminMe);
    const user = userEvent.setup();
    const { router } = renderApp("/datasets");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    await user.click(within(nav).getByRole("link", { name: "Admin" }));
    const adminNav = await screen.findByRole("navigation", { name: "Administration" });
    expect(within(adminNav).getAllByRole("link").map((link) => link.textContent)).toEqual(["Users", "API clients", "Audit log"]);
    expect(router.state.location.pathname).toBe("/admin/users");
  });

  it("shows only the sections someone's permissions open, and refuses the others plainly", async () => {
    serve({ ...me, permissions: ["catalog:read", "audit:read"] });
    const { router } = renderApp("/admin");
    const adminNav = await screen.findByRole("navigation", { name: "Administration" });
    expect(within(adminNav).getAllByRole("link").map((link) => link.textContent)).toEqual(["Audit log"]);
    expect(router.state.location.pathname).toBe("/admin/audit");
    await act(() => router.navigate("/admin/users"));
    expect(await screen.findByRole("heading", { name: "You cannot open this page" })).toBeInTheDocument();
    expect(screen.getByText("users:admin")).toBeInTheDocument();
  });

  it("refuses the admin area to someone with no admin permission, even by its address", async () => {
    serve(me);
    renderApp("/admin/users");
    expect(await screen.findByRole("heading", { name: "You cannot open the administration pages" })).toBeInTheDocument();
  });

  it("links to My account from the user menu", async () => {
    serve(me);
    const user = userEvent.setup();
    const { router } = renderApp("/datasets");
    await user.click(await screen.findByRole("button", { name: /Ana Lima/ }));
    await user.click(screen.getByRole("link", { name: "My account" }));
    expect(await screen.findByRole("heading", { name: "My account" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/account");
    expect(screen.getByRole("button", { name: /Ana Lima/ })).toHaveAttribute("aria-expanded", "false");
  });
});
