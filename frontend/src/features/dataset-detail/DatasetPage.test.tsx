import { screen, within } from "@testing-library/react";
import { column, datasetDetail, me, problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

function serve(handler: () => Response) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(me),
    "GET /api/v1/datasets/1": handler,
  });
}

describe("DatasetPage", () => {
  it("shows the header facts, the rendered business description and tags with their provenance", async () => {
    serve(() =>
      json(
        datasetDetail({
          business_description: "Customers of **all** brands.\n\n[evil](javascript:alert(1)) <script>alert(2)</script>",
          business_description_provenance: {
            origin: "change_request",
            recorded_at: "2025-03-02T09:00:00Z",
            actor: { username: "ana", display_name: "Ana Lima" },
            approver: { username: "bo", display_name: "Bo Chen" },
          },
          tags: [
            {
              key: "gold",
              label: "Gold",
              vocabulary: "quality",
              provenance: { origin: "change_request", recorded_at: "2025-03-02T09:00:00Z", actor: { username: "ana", display_name: "Ana Lima" } },
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

    const tag = screen.getByText("Gold", { selector: ".tag" });
    expect(tag.getAttribute("title")).toMatch(/quality: Gold\nAdded by Ana Lima via a change request/);
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
    expect(within(rows[0]!).getByText("No")).toBeInTheDocument();
    expect(within(rows[0]!).getByText("PK")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("fax").tagName).toBe("DEL");
    expect(within(rows[1]!).getByText("Removed")).toBeInTheDocument();
    expect(screen.getByText("2 columns, 1 removed")).toBeInTheDocument();
  });

  it("says the dataset does not exist on a 404", async () => {
    serve(() => json(problem(404, "There is no dataset with id 1."), 404));
    renderApp("/datasets/1");
    expect(await screen.findByRole("heading", { name: "This dataset does not exist" })).toBeInTheDocument();
  });
});
