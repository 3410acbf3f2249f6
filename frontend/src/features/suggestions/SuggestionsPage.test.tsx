import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Me } from "../../api/types";
import { domains, me, problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { suggestion, suggestionPage } from "./testData";

const LOAD = { timeout: 5000 };
const contributor: Me = { ...me, permissions: ["catalog:read", "metadata:propose"] };
// A contributor in the Sales domain only.
const salesContributor: Me = { ...me, permissions: ["catalog:read"], domain_permissions: { sales: ["catalog:read", "metadata:propose"] } };

const planned = suggestion({
  id: 12,
  name: "HR absences",
  status: "planned",
  domain: null,
  triaged_by: { username: "root", display_name: "Rita Admin" },
  triaged_at: "2025-03-03T10:00:00Z",
  reason: "Next quarter.",
  source: { key: "hr-absences", name: "HR absences", planned: true },
});
const duplicate = suggestion({
  id: 13,
  name: "CRM customers",
  status: "duplicate",
  source: { key: "crm", name: "CRM", planned: false },
  triaged_at: "2025-03-03T10:00:00Z",
});

function serve(who: Me, handlers: Record<string, Handler> = {}) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(who),
    "GET /api/v1/domains": () => json({ items: domains }),
    "GET /api/v1/source-suggestions": () => json(suggestionPage([suggestion(), planned, duplicate])),
    ...handlers,
  });
}

describe("the source suggestions list", () => {
  it("shows each suggestion with its status and what IT decided", async () => {
    serve(contributor);
    renderApp("/suggestions");
    const first = await screen.findByRole("article", { name: "Salesforce opportunities" }, LOAD);
    expect(within(first).getByText("Submitted")).toBeInTheDocument();
    const hr = screen.getByRole("article", { name: "HR absences" });
    expect(within(hr).getByText("Planned")).toBeInTheDocument();
    expect(hr).toHaveTextContent("Next quarter.");
    expect(hr).toHaveTextContent("planned, not connected yet");
    // A connected source links to its datasets; a planned one has none yet.
    expect(within(hr).queryByRole("link")).not.toBeInTheDocument();
    const dup = screen.getByRole("article", { name: "CRM customers" });
    expect(within(dup).getByRole("link", { name: "CRM (crm)" })).toHaveAttribute("href", "/datasets?source=crm");
    expect(screen.getByRole("link", { name: "Suggest a data source" })).toHaveAttribute("href", "/suggestions/new");
    expect(screen.getByRole("link", { name: "Suggestions" })).toHaveAttribute("href", "/suggestions");
  });

  it("filters mine and by status through the address and the API", async () => {
    const { calls } = serve(contributor);
    const user = userEvent.setup();
    const { router } = renderApp("/suggestions");
    await screen.findByRole("article", { name: "Salesforce opportunities" }, LOAD);
    await user.selectOptions(screen.getByLabelText("Show"), "mine");
    await user.selectOptions(screen.getByLabelText("Status"), "rejected");
    await waitFor(() => expect(router.state.location.search).toBe("?mine=true&status=rejected"));
    await waitFor(() => {
      const last = calls.filter((call) => call.url.pathname === "/api/v1/source-suggestions").at(-1)!;
      expect(Object.fromEntries(last.url.searchParams)).toEqual({ page: "1", per_page: "20", mine: "true", status: "rejected" });
    });
  });

  it("says when nothing matches, and when the list cannot be loaded", async () => {
    serve(contributor, { "GET /api/v1/source-suggestions": () => json(suggestionPage([])) });
    renderApp("/suggestions?mine=true");
    expect(await screen.findByRole("heading", { name: "No suggestion matches these filters" }, LOAD)).toBeInTheDocument();
  });

  it("shows the API's problem when loading fails", async () => {
    serve(contributor, { "GET /api/v1/source-suggestions": () => json(problem(500, "Database unavailable."), 500) });
    renderApp("/suggestions");
    expect(await screen.findByRole("heading", { name: "The suggestions could not be loaded" }, LOAD)).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Database unavailable.");
  });

  it("offers no suggestion form to a viewer", async () => {
    serve(me);
    renderApp("/suggestions");
    await screen.findByRole("article", { name: "Salesforce opportunities" }, LOAD);
    expect(screen.queryByRole("link", { name: "Suggest a data source" })).not.toBeInTheDocument();
  });
});

describe("suggesting a data source", () => {
  async function fillIn() {
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("What data", {}, LOAD), "Salesforce opportunities");
    await user.type(screen.getByLabelText("Where it lives"), "Salesforce");
    await user.type(screen.getByLabelText("What it holds"), "Every opportunity and its stage.");
    await user.type(screen.getByLabelText("Why the catalog should have it"), "The pipeline report is rebuilt by hand.");
    return user;
  }

  it("sends the suggestion, then shows it among mine", async () => {
    const { calls } = serve(contributor, {
      "POST /api/v1/source-suggestions": () => json(suggestion(), 201),
    });
    const { router } = renderApp("/suggestions/new");
    const user = await fillIn();
    await waitFor(() => expect(screen.getAllByRole("option")).toHaveLength(3));
    await user.selectOptions(screen.getByLabelText("Domain (optional)"), "sales");
    await user.click(screen.getByRole("button", { name: "Send suggestion" }));
    expect(await screen.findByText(/“Salesforce opportunities” was sent to IT/)).toBeInTheDocument();
    expect(router.state.location.pathname + router.state.location.search).toBe("/suggestions?mine=true");
    const post = calls.find((call) => call.method === "POST")!;
    expect(JSON.parse(post.body)).toEqual({
      name: "Salesforce opportunities",
      system: "Salesforce",
      contents: "Every opportunity and its stage.",
      justification: "The pipeline report is rebuilt by hand.",
      contact: "",
      domain: "sales",
    });
  });

  it("offers only the domains where the person may contribute", async () => {
    serve(salesContributor);
    renderApp("/suggestions/new");
    const select = await screen.findByLabelText("Domain (optional)", {}, LOAD);
    await waitFor(() => expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["No particular domain", "Sales"]));
  });

  it("checks the required fields before sending", async () => {
    const { calls } = serve(contributor);
    const user = userEvent.setup();
    renderApp("/suggestions/new");
    await user.type(await screen.findByLabelText("What data", {}, LOAD), "Payroll");
    await user.click(screen.getByRole("button", { name: "Send suggestion" }));
    expect(screen.getByLabelText("Where it lives")).toHaveAccessibleDescription(/^Say where the data lives\./);
    expect(screen.getByLabelText("Where it lives")).toHaveFocus();
    expect(screen.getByLabelText("What it holds")).toHaveAccessibleDescription("Describe what data it holds.");
    expect(calls.some((call) => call.method === "POST")).toBe(false);
  });

  it("shows the server's field errors (422) and refusals (403)", async () => {
    let answer = 0;
    serve(contributor, {
      "POST /api/v1/source-suggestions": () => {
        answer += 1;
        return answer === 1
          ? json(problem(422, "Some values are not valid: see 'errors'.", { system: ["Longer than maximum length 255."] }), 422)
          : json(problem(403, "You may not suggest sources for this domain."), 403);
      },
    });
    renderApp("/suggestions/new");
    const user = await fillIn();
    await user.click(screen.getByRole("button", { name: "Send suggestion" }));
    await waitFor(() => expect(screen.getByLabelText("Where it lives")).toHaveAccessibleDescription(/^Longer than maximum length 255\./));
    await user.click(screen.getByRole("button", { name: "Send suggestion" }));
    expect(await screen.findByText("You may not suggest sources for this domain.")).toBeInTheDocument();
  });

  it("tells a viewer they cannot suggest", async () => {
    serve(me);
    renderApp("/suggestions/new");
    expect(await screen.findByRole("heading", { name: "You cannot suggest sources" }, LOAD)).toBeInTheDocument();
  });
});
