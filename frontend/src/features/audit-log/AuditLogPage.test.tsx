import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { adminMe, auditEvent, auditPage, domains, problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

function serve(list: Handler = () => json(auditPage([auditEvent()]))) {
  const api = mockApi({
    "GET /api/v1/auth/me": () => json(adminMe),
    "GET /api/v1/domains": () => json({ items: domains }),
    "GET /api/v1/audit-events": list,
  });
  const auditCalls = () => api.calls.filter((call) => call.url.pathname === "/api/v1/audit-events");
  return { ...api, auditCalls };
}

describe("the audit log", () => {
  it("shows time, action, actor, target, address and details", async () => {
    serve();
    renderApp("/admin/audit");
    const table = await screen.findByRole("table", { name: "Audit events, newest first" });
    const row = within(table).getAllByRole("row")[1]!;
    expect(row).toHaveTextContent("user.deactivated");
    expect(row).toHaveTextContent("root");
    expect(row).toHaveTextContent("user 2");
    expect(row).toHaveTextContent("10.0.0.5");
    const details = within(row).getByRole("definition");
    expect(details).toHaveTextContent("bo");
    expect(within(row).getByRole("term")).toHaveTextContent("username");
    expect(within(row).getByRole("link", { name: "root" })).toHaveAttribute("href", "/admin/audit?actor=root");
  });

  it("keeps the filters in the address and sends them to the API", async () => {
    const { auditCalls } = serve();
    const user = userEvent.setup();
    const { router } = renderApp("/admin/audit?page=4");
    await screen.findByRole("table", { name: "Audit events, newest first" });
    await user.type(screen.getByLabelText("Action"), "auth");
    await user.type(screen.getByLabelText("Actor"), "root");
    await user.type(screen.getByLabelText("Target type"), "user");
    await user.type(screen.getByLabelText("Target ID"), "2");
    await user.selectOptions(screen.getByLabelText("Domain"), "sales");
    await user.type(screen.getByLabelText("From"), "2025-03-01T10:30");
    await user.click(screen.getByRole("button", { name: "Apply" }));

    const since = new Date("2025-03-01T10:30").toISOString();
    await waitFor(() =>
      expect(Object.fromEntries(new URLSearchParams(router.state.location.search))).toEqual({
        action: "auth",
        actor: "root",
        target_type: "user",
        target_id: "2",
        domain: "sales",
        since,
      }),
    );
    await waitFor(() =>
      expect(Object.fromEntries(auditCalls().at(-1)!.url.searchParams)).toEqual({
        page: "1",
        per_page: "50",
        action: "auth",
        actor: "root",
        target_type: "user",
        target_id: "2",
        domain: "sales",
        since,
      }),
    );
  });

  it("fills the filters from the address, and Back restores them", async () => {
    serve();
    const user = userEvent.setup();
    const { router } = renderApp("/admin/audit?actor=bo");
    expect(await screen.findByLabelText("Actor")).toHaveValue("bo");
    await user.clear(screen.getByLabelText("Actor"));
    await user.type(screen.getByLabelText("Actor"), "rita{Enter}");
    await waitFor(() => expect(router.state.location.search).toBe("?actor=rita"));
    await act(() => router.navigate(-1));
    await waitFor(() => expect(screen.getByLabelText("Actor")).toHaveValue("bo"));
    await user.click(screen.getByRole("button", { name: "Clear" }));
    await waitFor(() => expect(router.state.location.search).toBe(""));
    expect(screen.getByLabelText("Actor")).toHaveValue("");
  });

  it("refuses a time range that ends before it starts", async () => {
    const { auditCalls } = serve();
    const user = userEvent.setup();
    renderApp("/admin/audit");
    await screen.findByRole("table", { name: "Audit events, newest first" });
    const before = auditCalls().length;
    await user.type(screen.getByLabelText("From"), "2025-03-02T10:00");
    await user.type(screen.getByLabelText("Until"), "2025-03-01T10:00");
    await user.click(screen.getByRole("button", { name: "Apply" }));
    expect(screen.getByRole("alert")).toHaveTextContent("“From” is after “Until”.");
    expect(auditCalls()).toHaveLength(before);
  });

  it("says so when nothing matches, and when a filter is refused", async () => {
    serve(() => json(auditPage([])));
    const first = renderApp("/admin/audit?action=nothing");
    expect(await screen.findByRole("heading", { name: "No event matches these filters" })).toBeInTheDocument();
    first.unmount();

    serve(() => json(problem(422, "There is no such domain.", { domain: ["Unknown domain."] }), 422));
    renderApp("/admin/audit?domain=nowhere");
    expect(await screen.findByRole("heading", { name: "These filters cannot be applied" })).toBeInTheDocument();
    expect(screen.getByText("There is no such domain.")).toBeInTheDocument();
  });

  it("pages by address, keeping the filters", async () => {
    serve((_request, url) => json(auditPage([auditEvent()], { page: Number(url.searchParams.get("page")), pages: 5, total: 250 })));
    renderApp("/admin/audit?actor=root&page=2");
    const pagination = await screen.findByRole("navigation", { name: "Pagination" });
    expect(within(pagination).getByRole("link", { name: "Next ›" })).toHaveAttribute("href", "/admin/audit?actor=root&page=3");
    expect(screen.getByText("51–51 of 250 events")).toBeInTheDocument();
  });
});
