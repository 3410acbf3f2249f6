import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { components } from "../../api/schema";
import { datasetDetail, me, problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp, renderWithProviders } from "../../test/renderApp";
import { QualitySection } from "./QualitySection";

type QualityIssue = components["schemas"]["QualityIssue"];

const contributor = { ...me, permissions: ["catalog:read", "metadata:propose"] };

function issue(id: number, overrides: Partial<QualityIssue> = {}): QualityIssue {
  return {
    id,
    dataset: { id: 1, urn: "urn:catalog:crm:customers", name: "customers" },
    domain: { key: "sales", name: "Sales" },
    column: null,
    title: `Issue ${id}`,
    description: "",
    status: "open",
    reporter: { username: "ana", display_name: "Ana Lima" },
    handled_by: null,
    resolution: "",
    created_at: "2025-03-01T10:00:00Z",
    updated_at: "2025-03-01T10:00:00Z",
    closed_at: null,
    ...overrides,
  };
}

const page = (items: QualityIssue[]) => ({ items, page: 1, pages: 1, per_page: 20, total: items.length });

function serve(who = contributor, more: Record<string, Handler> = {}) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(who),
    "GET /api/v1/datasets/1/quality-issues": () => json(page([])),
    ...more,
  });
}

describe("QualitySection", () => {
  beforeAll(async () => {
    await import("./DatasetPage");
  }, 30_000);

  it("lists issues with their status, column, reporter and resolution", async () => {
    serve(contributor, {
      "GET /api/v1/datasets/1/quality-issues": () =>
        json(
          page([
            issue(2, { title: "Nulls in email", column: "email", description: "Since **March**" }),
            issue(1, {
              title: "Duplicates",
              status: "resolved",
              handled_by: { username: "bo", display_name: "Bo Chen" },
              resolution: "Deduplicated upstream",
              closed_at: "2025-03-03T10:00:00Z",
            }),
          ]),
        ),
    });
    renderWithProviders(<QualitySection dataset={datasetDetail({ open_quality_issues: 1 })} />, { path: "/datasets/1?tab=quality" });
    const list = await screen.findByRole("list", { name: "Quality issues" });
    const items = within(list).getAllByRole("listitem");
    expect(within(items[0]!).getByRole("heading", { name: "Nulls in email" })).toBeInTheDocument();
    expect(within(items[0]!).getByText("Open")).toBeInTheDocument();
    expect(within(items[0]!).getByText("email")).toBeInTheDocument();
    expect(items[0]).toHaveTextContent(/Reported by Ana Lima/);
    expect(await within(items[0]!).findByText("March", { selector: "strong" })).toBeInTheDocument();
    expect(within(items[1]!).getByText("Resolved")).toBeInTheDocument();
    expect(items[1]).toHaveTextContent(/resolved by Bo Chen/);
    expect(items[1]).toHaveTextContent("Resolution: Deduplicated upstream");
    expect(screen.getByText("1 open issue")).toBeInTheDocument();
  });

  it("filters by status through the address", async () => {
    const user = userEvent.setup();
    const { calls } = serve();
    const { router } = renderWithProviders(<QualitySection dataset={datasetDetail()} />, { path: "/datasets/1?tab=quality" });
    expect(await screen.findByText("No quality issue reported")).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText("Status"), "acknowledged");
    await waitFor(() => expect(calls.at(-1)!.url.searchParams.get("status")).toBe("acknowledged"));
    expect(router.state.location.search).toBe("?tab=quality&status=acknowledged");
    expect(await screen.findByText("No acknowledged issue")).toBeInTheDocument();
  });

  it("reports an issue and says it was reported", async () => {
    const user = userEvent.setup();
    let reported = false;
    const { calls } = serve(contributor, {
      "GET /api/v1/datasets/1/quality-issues": () => json(page(reported ? [issue(5, { title: "Stale since Monday", column: "email" })] : [])),
      "POST /api/v1/datasets/1/quality-issues": () => {
        reported = true;
        return json(issue(5, { title: "Stale since Monday", column: "email" }), 201);
      },
    });
    renderWithProviders(<QualitySection dataset={datasetDetail()} />, { path: "/datasets/1?tab=quality" });
    await user.click(await screen.findByRole("button", { name: "Report a quality issue" }));
    await user.type(screen.getByLabelText("Title"), "Stale since Monday");
    await user.selectOptions(screen.getByLabelText("Column"), "email");
    await user.type(screen.getByLabelText("Description"), "No rows after the 3rd.");
    await user.click(screen.getByRole("button", { name: "Report the issue" }));

    expect(await screen.findByText(/“Stale since Monday” is reported/)).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST")!;
    expect(JSON.parse(post.body)).toEqual({ title: "Stale since Monday", description: "No rows after the 3rd.", column: "email" });
    expect(await screen.findByRole("heading", { name: "Stale since Monday" })).toBeInTheDocument();
    expect(screen.queryByLabelText("Title")).not.toBeInTheDocument();
  });

  it("shows the API's refusal next to the field it is about", async () => {
    const user = userEvent.setup();
    serve(contributor, {
      "POST /api/v1/datasets/1/quality-issues": () =>
        json(problem(422, "customers has no column 'email'.", { json: { column: ["Unknown or removed column."] } }), 422),
    });
    renderWithProviders(<QualitySection dataset={datasetDetail()} />, { path: "/datasets/1?tab=quality" });
    await user.click(await screen.findByRole("button", { name: "Report a quality issue" }));
    await user.type(screen.getByLabelText("Title"), "Broken");
    await user.selectOptions(screen.getByLabelText("Column"), "email");
    await user.click(screen.getByRole("button", { name: "Report the issue" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("customers has no column 'email'.");
    const column = screen.getByLabelText("Column");
    expect(column).toHaveAttribute("aria-invalid", "true");
    expect(column).toHaveAccessibleDescription(/Unknown or removed column\./);
    // What was typed is still there, to fix and send again.
    expect(screen.getByLabelText("Title")).toHaveValue("Broken");
  });

  it("offers no report form to people who may not contribute, nor on a removed dataset", async () => {
    // The whole page: it waits for the session, so "no button" is not "not signed in yet".
    serve(me, { "GET /api/v1/datasets/1": () => json(datasetDetail()) });
    const { unmount } = renderApp("/datasets/1?tab=quality");
    expect(await screen.findByText("No quality issue reported")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Report a quality issue" })).not.toBeInTheDocument();
    unmount();

    serve(contributor, { "GET /api/v1/datasets/1": () => json(datasetDetail({ removed_at: "2025-01-01T00:00:00Z" })) });
    renderApp("/datasets/1?tab=quality");
    expect(await screen.findByText("No quality issue reported")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Report a quality issue" })).not.toBeInTheDocument();
  });

  it("shows the API's message when the issues cannot be loaded", async () => {
    serve(contributor, { "GET /api/v1/datasets/1/quality-issues": () => json(problem(500, "Database unavailable."), 500) });
    renderWithProviders(<QualitySection dataset={datasetDetail()} />, { path: "/datasets/1?tab=quality" });
    expect(await screen.findByText("Database unavailable.")).toBeInTheDocument();
  });
});
