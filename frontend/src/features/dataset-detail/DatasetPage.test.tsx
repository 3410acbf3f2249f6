import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { column, datasetDetail, me, problem } from "../../test/fixtures";
import { json, mockApi, noContent } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

function serve(handler: () => Response, more: Record<string, Handler> = {}) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(me),
    "GET /api/v1/datasets/1": handler,
    "POST /api/v1/datasets/1/views": () => noContent(),
    ...more,
  });
}

const ana = { username: "ana", display_name: "Ana Lima" };
const bo = { username: "bo", display_name: "Bo Chen" };

describe("DatasetPage", () => {
  // The route loads the page lazily; load it once here so the first test does not time out on it.
  beforeAll(async () => {
    await import("./DatasetPage");
  }, 30_000);

  it("shows the header facts, the rendered business description and tags with their provenance", async () => {
    serve(() =>
      json(
        datasetDetail({
          business_description: "Customers of **all** brands.\n\n[evil](javascript:alert(1)) <script>alert(2)</script>",
          business_description_provenance: {
            origin: "change_request",
            recorded_at: "2025-03-02T09:00:00Z",
            actor: ana,
            approver: bo,
          },
          tags: [
            {
              key: "gold",
              label: "Gold",
              vocabulary: "quality",
              provenance: { origin: "change_request", recorded_at: "2025-03-02T09:00:00Z", actor: ana },
            },
          ],
        }),
      ),
    );
    const { container } = renderApp("/datasets/1");
    expect(await screen.findByRole("heading", { level: 1, name: "customers" })).toBeInTheDocument();
    expect(screen.getByText("urn:catalog:crm:customers")).toBeInTheDocument();
    expect(screen.getByText("1,200")).toBeInTheDocument();
    expect(screen.getAllByRole("link", { name: "CRM" })[0]).toHaveAttribute("href", "/datasets?source=crm");

    expect(await screen.findByText("all", { selector: "strong" })).toBeInTheDocument();
    expect(container.querySelector(".markdown script")).toBeNull();
    expect(screen.getByText("evil").closest("a")).not.toHaveAttribute("href");
    expect(screen.getByText(/Written by Ana Lima via a change request, approved by Bo Chen/)).toBeInTheDocument();
    // The source's own description is shown too, as plain text.
    expect(screen.getByRole("heading", { name: "Description from the source" })).toBeInTheDocument();
    expect(screen.getByText("Customer master table.")).toBeInTheDocument();

    const tag = screen.getByText("Gold", { selector: ".tag" });
    expect(tag.getAttribute("title")).toMatch(/quality: Gold\nAdded by Ana Lima via a change request/);
  });

  it("shows owners and contacts, the trust flag with its reason, personal data and when it was last crawled", async () => {
    const provenance = { origin: "change_request", recorded_at: "2025-03-02T09:00:00Z", actor: ana, approver: bo };
    serve(() =>
      json(
        datasetDetail({
          owners: [
            { role: "owner", username: "bo", name: "Bo Chen", email: "bo@example.com", provenance },
            { role: "expert", username: null, name: "Data Team", email: "", provenance },
          ],
          trust: { level: "deprecated", reason: "Use customers_v2 instead.", provenance },
          personal_data: [
            { column: "email", category: "contact", status: "confirmed", justification: "", provenance },
            { column: "phone", category: "contact", status: "pending_review", justification: "", provenance },
            { column: "id", category: "identifier", status: "confirmed", justification: "", provenance },
          ],
          technical_provenance: { origin: "connector_run", recorded_at: "2025-03-05T06:00:00Z", connector_run_id: 42 },
        }),
      ),
    );
    renderApp("/datasets/1");
    await screen.findByRole("heading", { level: 1, name: "customers" });

    const owners = screen.getByText("Owners and contacts").closest("div")!;
    expect(within(owners).getByText("Owner")).toBeInTheDocument();
    expect(within(owners).getByRole("link", { name: "bo@example.com" })).toHaveAttribute("href", "mailto:bo@example.com");
    expect(within(owners).getByText("Expert")).toBeInTheDocument();
    expect(within(owners).getByText("Data Team")).toBeInTheDocument();

    const flag = screen.getByText("Deprecated");
    expect(flag).toHaveClass("badge-trust-deprecated");
    expect(flag.getAttribute("title")).toMatch(/Use customers_v2 instead\.\nSet by Ana Lima via a change request, approved by Bo Chen/);
    expect(screen.getByText("Use customers_v2 instead.")).toBeInTheDocument();

    const personal = screen.getByText("Personal data: Contact details, Identifier");
    expect(personal.getAttribute("title")).toBe("Contact details: email, phone (to be confirmed)\nIdentifier: id");

    const crawled = screen.getByText("Last crawled").closest("div")!;
    expect(within(crawled).getByText(/\(run #42\)/)).toBeInTheDocument();
    expect(screen.queryByRole("note")).not.toBeInTheDocument();
  });

  it("says plainly when a dataset was removed from its source", async () => {
    serve(() => json(datasetDetail({ removed_at: "2025-02-01T00:00:00Z" })));
    renderApp("/datasets/1");
    const banner = await screen.findByRole("note");
    expect(banner).toHaveTextContent(/Removed from its source on .*2025/);
    expect(banner).toHaveTextContent(/keeps what people said about it and its lineage/);
  });

  it("shows pending proposals as such, each linking to its change request", async () => {
    serve(() =>
      json(
        datasetDetail({
          proposals: [
            {
              request_id: 12,
              item_id: 30,
              kind: "tag.add",
              column: "email",
              payload: { tag: "pii" },
              status: "pending",
              proposer: "ana",
              created_at: "2025-03-06T10:00:00Z",
            },
            {
              request_id: 13,
              item_id: 31,
              kind: "trust.set",
              column: null,
              payload: { level: "endorsed", reason: "Audited" },
              status: "applied_pending_review",
              proposer: "bo",
              created_at: "2025-03-07T10:00:00Z",
            },
          ],
        }),
      ),
    );
    renderApp("/datasets/1");
    const section = (await screen.findByRole("heading", { name: "Proposed changes" })).closest("section")!;
    const items = within(section).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByRole("link", { name: "Add tag pii on email" })).toHaveAttribute("href", "/requests/12");
    expect(items[0]).toHaveTextContent(/Proposed by ana on .*, waiting for review \(request #12\)/);
    expect(within(items[1]!).getByRole("link", { name: "Mark as endorsed" })).toHaveAttribute("href", "/requests/13");
    expect(items[1]).toHaveTextContent(/Proposed by bo on .*, in force, waiting for review/);
    expect(within(section).getAllByText("Pending")).toHaveLength(2);
    // The overview tab says something waits for review.
    expect(screen.getByRole("tab", { name: /^Overview\s*, 2 pending review$/ })).toBeInTheDocument();
  });

  it("says nothing waits for review when there is no proposal", async () => {
    serve(() => json(datasetDetail()));
    renderApp("/datasets/1");
    expect(await screen.findByText("Nothing is waiting for review.")).toBeInTheDocument();
  });

  it("falls back to the technical description as plain text", async () => {
    serve(() => json(datasetDetail({ technical_description: "Raw <b>table</b> from CRM" })));
    renderApp("/datasets/1");
    expect(await screen.findByText("Raw <b>table</b> from CRM")).toBeInTheDocument();
    expect(screen.getByText(/nobody has written a business description yet/)).toBeInTheDocument();
  });

  it("lists columns with type, nullability, key, and removed columns struck through", async () => {
    serve(() =>
      json(
        datasetDetail({
          columns: [
            column(1, { name: "id", data_type: "bigint", nullable: false, is_primary_key: true }),
            column(2, { name: "fax", removed_at: "2025-02-01T00:00:00Z", technical_description: "Legacy" }),
          ],
        }),
      ),
    );
    renderApp("/datasets/1");
    const table = await screen.findByRole("table", { name: "Columns" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(within(rows[0]!).getByText("bigint")).toBeInTheDocument();
    expect(within(rows[0]!).getByText("PK")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("fax").tagName).toBe("DEL");
    expect(within(rows[1]!).getAllByText("Removed").length).toBeGreaterThan(0);
  });

  it("records one view per page open", async () => {
    const { calls } = serve(() => json(datasetDetail()));
    renderApp("/datasets/1");
    await screen.findByRole("heading", { level: 1, name: "customers" });
    await waitFor(() => expect(calls.filter((c) => c.method === "POST" && c.url.pathname === "/api/v1/datasets/1/views")).toHaveLength(1));
  });

  it("keeps the shown tab in the address and moves between tabs with the arrow keys", async () => {
    const user = userEvent.setup();
    const { calls } = serve(() => json(datasetDetail()), {
      "GET /api/v1/datasets/1/activity": () => json({ items: [], page: 1, pages: 1, per_page: 25, total: 0 }),
      "GET /api/v1/datasets/1/quality-issues": () => json({ items: [], page: 1, pages: 1, per_page: 20, total: 0 }),
    });
    const { router } = renderApp("/datasets/1");
    const overview = await screen.findByRole("tab", { name: "Overview" });
    expect(overview).toHaveAttribute("aria-selected", "true");
    // Only the shown tab's data is fetched.
    expect(calls.some((c) => c.url.pathname.endsWith("/activity"))).toBe(false);

    await user.click(screen.getByRole("tab", { name: "History" }));
    expect(router.state.location.search).toBe("?tab=activity");
    expect(await screen.findByText("Nothing has happened here yet")).toBeInTheDocument();
    expect(screen.getByRole("tabpanel")).toHaveAttribute("aria-labelledby", "dataset-tab-activity");

    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("tab", { name: "Quality issues" })).toHaveFocus();
    expect(router.state.location.search).toBe("?tab=quality");
    expect(await screen.findByText("No quality issue reported")).toBeInTheDocument();

    await user.keyboard("{Home}");
    expect(overview).toHaveFocus();
    expect(router.state.location.search).toBe("");
    expect(await screen.findByRole("table", { name: "Columns" })).toBeInTheDocument();
  });

  it("opens on the tab named in the address", async () => {
    serve(() => json(datasetDetail()), {
      "GET /api/v1/datasets/1/comments": () => json({ items: [], page: 1, pages: 1, per_page: 50, total: 0 }),
    });
    renderApp("/datasets/1?tab=discussion");
    expect(await screen.findByRole("tab", { name: "Discussion" })).toHaveAttribute("aria-selected", "true");
    expect(await screen.findByText("No comment yet")).toBeInTheDocument();
  });

  it("says the dataset does not exist on a 404", async () => {
    serve(() => json(problem(404, "There is no dataset with id 1."), 404));
    renderApp("/datasets/1");
    expect(await screen.findByRole("heading", { name: "This dataset does not exist" })).toBeInTheDocument();
  });

  it("shows the API's message when the dataset cannot be loaded", async () => {
    serve(() => json(problem(500, "The database is being upgraded."), 500));
    renderApp("/datasets/1");
    expect(await screen.findByRole("heading", { name: "The dataset could not be loaded" })).toBeInTheDocument();
    expect(screen.getByText("The database is being upgraded.")).toBeInTheDocument();
  });
});
