import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Me, SourceSuggestion } from "../../api/types";
import { adminMe, problem, sources } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { suggestion, suggestionPage } from "../suggestions/testData";

const LOAD = { timeout: 5000 };
const sourcesAdmin: Me = { ...adminMe, permissions: ["catalog:read", "sources:admin"] };

function serve(handlers: Record<string, Handler> = {}) {
  let current: SourceSuggestion[] = [suggestion()];
  const triaged = (body: { decision: string; reason: string; source: string | null }): SourceSuggestion => {
    const status = body.decision === "accept" ? "planned" : body.decision === "reject" ? "rejected" : "duplicate";
    const linked = body.source ? { key: body.source, name: body.source === "crm" ? "CRM" : "Salesforce opportunities", planned: body.decision === "accept" } : null;
    return { ...suggestion(), status, reason: body.reason, source: linked, triaged_at: "2025-03-05T10:00:00Z" };
  };
  return mockApi({
    "GET /api/v1/auth/me": () => json(sourcesAdmin),
    "GET /api/v1/sources": () => json({ items: sources }),
    "GET /api/v1/source-suggestions": (_request, url) => {
      const status = url.searchParams.get("status");
      return json(suggestionPage(current.filter((s) => !status || s.status === status)));
    },
    "POST /api/v1/source-suggestions/11/triage": async (request) => {
      const done = triaged((await request.json()) as { decision: string; reason: string; source: string | null });
      current = [done];
      return json(done);
    },
    ...handlers,
  });
}

async function openTriage() {
  const user = userEvent.setup();
  const item = await screen.findByRole("article", { name: "Salesforce opportunities" }, LOAD);
  await user.click(within(item).getByRole("button", { name: "Triage Salesforce opportunities" }));
  return { user, form: within(item).getByRole("form", { name: "Triage Salesforce opportunities" }) };
}

describe("IT triage of source suggestions", () => {
  it("lists what waits for a decision by default", async () => {
    const { calls } = serve();
    renderApp("/admin/suggestions");
    await screen.findByRole("article", { name: "Salesforce opportunities" }, LOAD);
    expect(screen.getByLabelText("Status")).toHaveValue("submitted");
    const list = calls.find((call) => call.url.pathname === "/api/v1/source-suggestions")!;
    expect(list.url.searchParams.get("status")).toBe("submitted");
    expect(screen.getByRole("navigation", { name: "Administration" })).toHaveTextContent("Source suggestions");
  });

  it("plans a source, which then shows linked to its admin page", async () => {
    const { calls } = serve();
    renderApp("/admin/suggestions?status=all");
    const { user, form } = await openTriage();
    expect(within(form).getByLabelText("Key of the planned source")).toHaveValue("salesforce-opportunities");
    const key = within(form).getByLabelText("Key of the planned source");
    await user.clear(key);
    await user.type(key, "salesforce");
    await user.type(within(form).getByLabelText("Platform (optional)"), "salesforce");
    await user.type(within(form).getByLabelText("Note to the author (optional)"), "Next sprint.");
    await user.click(within(form).getByRole("button", { name: "Record decision" }));
    expect(await screen.findByText("“Salesforce opportunities” is now planned (Salesforce opportunities).")).toBeInTheDocument();
    const post = calls.find((call) => call.method === "POST")!;
    expect(JSON.parse(post.body)).toEqual({
      decision: "accept",
      reason: "Next sprint.",
      source: "salesforce",
      name: null,
      platform: "salesforce",
    });
    const item = await screen.findByRole("article", { name: "Salesforce opportunities" });
    await waitFor(() => expect(within(item).getByText("Planned")).toBeInTheDocument());
    expect(within(item).getByRole("link", { name: /Salesforce opportunities \(salesforce\)/ })).toHaveAttribute(
      "href",
      "/admin/sources/salesforce",
    );
  });

  it("marks a duplicate of an existing source", async () => {
    const { calls } = serve();
    renderApp("/admin/suggestions");
    const { user, form } = await openTriage();
    await user.click(within(form).getByRole("radio", { name: /Duplicate/ }));
    const select = within(form).getByLabelText("Existing source");
    await waitFor(() => expect(within(select).getByRole("option", { name: "CRM (crm)" })).toBeInTheDocument());
    await user.selectOptions(select, "crm");
    await user.click(within(form).getByRole("button", { name: "Record decision" }));
    expect(await screen.findByText("“Salesforce opportunities” is now duplicate (CRM).")).toBeInTheDocument();
    expect(JSON.parse(calls.find((call) => call.method === "POST")!.body)).toEqual({
      decision: "duplicate",
      reason: "",
      source: "crm",
      name: null,
      platform: null,
    });
  });

  it("requires a reason to reject, then sends it", async () => {
    const { calls } = serve();
    renderApp("/admin/suggestions");
    const { user, form } = await openTriage();
    await user.click(within(form).getByRole("radio", { name: /Reject/ }));
    await user.click(within(form).getByRole("button", { name: "Record decision" }));
    const reason = within(form).getByLabelText("Why it is rejected");
    expect(reason).toHaveAccessibleDescription(/its author will read it/);
    expect(reason).toHaveFocus();
    expect(calls.some((call) => call.method === "POST")).toBe(false);
    await user.type(reason, "Licence does not allow it.");
    await user.click(within(form).getByRole("button", { name: "Record decision" }));
    expect(await screen.findByText("“Salesforce opportunities” is now rejected.")).toBeInTheDocument();
    expect(JSON.parse(calls.find((call) => call.method === "POST")!.body)).toEqual({
      decision: "reject",
      reason: "Licence does not allow it.",
      source: null,
      name: null,
      platform: null,
    });
  });

  it("shows the server's refusals: a taken key on its field, a lost race as a message", async () => {
    let answer = 0;
    serve({
      "POST /api/v1/source-suggestions/11/triage": () => {
        answer += 1;
        return answer === 1
          ? json(
              problem(422, "There is already a source 'crm': mark the suggestion a duplicate of it instead.", {
                source: ["A source with this key exists."],
              }),
              422,
            )
          : json(problem(409, "Source suggestion 11 was triaged by someone else meanwhile."), 409);
      },
    });
    renderApp("/admin/suggestions");
    const { user, form } = await openTriage();
    const key = within(form).getByLabelText("Key of the planned source");
    await user.clear(key);
    await user.type(key, "crm");
    await user.click(within(form).getByRole("button", { name: "Record decision" }));
    await waitFor(() => expect(key).toHaveAccessibleDescription(/^A source with this key exists\./));
    expect(within(form).getByRole("alert")).toHaveTextContent("mark the suggestion a duplicate of it instead");
    await user.click(within(form).getByRole("button", { name: "Record decision" }));
    expect(await within(form).findByText("Source suggestion 11 was triaged by someone else meanwhile.")).toBeInTheDocument();
  });

  it("refuses the page without sources:admin", async () => {
    mockApi({ "GET /api/v1/auth/me": () => json({ ...adminMe, permissions: ["catalog:read", "users:admin"] }) });
    renderApp("/admin/suggestions");
    expect(await screen.findByRole("heading", { name: "You cannot open this page" }, LOAD)).toBeInTheDocument();
  });
});
