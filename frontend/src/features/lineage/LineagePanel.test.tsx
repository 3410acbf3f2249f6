import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { me, problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import { renderWithProviders } from "../../test/renderApp";
import type { LineageEdge, LineageGraph, LineageNode } from "./api";
import LineagePanel from "./LineagePanel";

function lineageNode(id: number, name: string, level: number, overrides: Partial<LineageNode> = {}): LineageNode {
  return {
    id,
    name,
    level,
    urn: `urn:catalog:dwh:${name}`,
    kind: "table",
    source: { key: "dwh", name: "Warehouse", platform: "dbt" },
    domain: { key: "sales", name: "Sales" },
    removed: false,
    ...overrides,
  };
}

function lineageEdge(id: number, upstream_id: number, downstream_id: number, overrides: Partial<LineageEdge> = {}): LineageEdge {
  return { id, upstream_id, downstream_id, via: "", columns: [], provenance: null, updated_at: "2025-03-01T00:00:00Z", ...overrides };
}

const graph: LineageGraph = {
  root_id: 1,
  truncated: false,
  nodes: [
    lineageNode(1, "customers", 0),
    lineageNode(2, "raw_customers", -1),
    lineageNode(3, "crm_export", -2, { removed: true }),
    lineageNode(4, "customer_revenue", 1),
  ],
  edges: [
    lineageEdge(10, 3, 2, { via: "airflow.load_crm" }),
    lineageEdge(11, 2, 1, {
      via: "dbt.model.customers",
      columns: [
        { upstream: "cust_id", downstream: "id" },
        { upstream: "mail", downstream: "email" },
      ],
    }),
    lineageEdge(12, 1, 4, { via: "dbt.model.customer_revenue" }),
  ],
};

function serve(answer: () => Response) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(me),
    "GET /api/v1/datasets/1/lineage": answer,
  });
}

describe("LineagePanel", () => {
  it("draws the graph with each dataset linking to its own lineage, and lists column lineage", async () => {
    serve(() => json(graph));
    const { container } = renderWithProviders(<LineagePanel datasetId={1} />, { path: "/datasets/1?tab=lineage" });
    const canvas = await screen.findByRole("group", { name: "Lineage graph" });

    const upstream = within(canvas).getByRole("link", { name: "raw_customers (upstream, 1 hop away)" });
    expect(upstream).toHaveAttribute("href", "/datasets/2?tab=lineage&dir=both&depth=3");
    const removed = within(canvas).getByRole("link", { name: "crm_export (upstream, 2 hops away, removed from its source)" });
    expect(removed).toHaveClass("lineage-node-removed");
    expect(within(canvas).getByRole("link", { name: "customer_revenue (downstream, 1 hop away)" })).toBeInTheDocument();
    // The dataset itself is marked, not a link to itself.
    expect(within(canvas).getByRole("group", { name: "customers (this dataset)" })).toHaveClass("lineage-node-root");
    expect(container.querySelectorAll("svg path.lineage-edge")).toHaveLength(3);
    expect(screen.getByText("2 upstream datasets, 1 downstream dataset")).toBeInTheDocument();

    const columns = screen.getByRole("table", { name: "Column-level lineage" });
    const rows = within(columns).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("raw_customers.cust_id");
    expect(rows[0]).toHaveTextContent("customers.id");
    expect(rows[0]).toHaveTextContent("dbt.model.customers");
    expect(within(rows[1]!).getByRole("link", { name: "raw_customers" })).toHaveAttribute("href", "/datasets/2?tab=lineage&dir=both&depth=3");
  });

  it("asks again with the chosen direction and depth, and keeps them in the address", async () => {
    const user = userEvent.setup();
    const { calls } = serve(() => json(graph));
    const asked = () => calls.filter((c) => c.url.pathname.endsWith("/lineage")).at(-1)!.url.search;
    const { router } = renderWithProviders(<LineagePanel datasetId={1} />, { path: "/datasets/1?tab=lineage" });
    await screen.findByRole("group", { name: "Lineage graph" });
    expect(asked()).toBe("?direction=both&depth=3");

    await user.selectOptions(screen.getByLabelText("Depth"), "1");
    await waitFor(() => expect(asked()).toBe("?direction=both&depth=1"));
    await user.selectOptions(screen.getByLabelText("Show"), "up");
    await waitFor(() => expect(asked()).toBe("?direction=up&depth=1"));
    expect(router.state.location.search).toBe("?tab=lineage&dir=up&depth=1");
  });

  it("starts from the direction and depth in the address", async () => {
    const { calls } = serve(() => json(graph));
    renderWithProviders(<LineagePanel datasetId={1} />, { path: "/datasets/1?tab=lineage&dir=down&depth=5" });
    await screen.findByRole("group", { name: "Lineage graph" });
    expect(calls.find((c) => c.url.pathname.endsWith("/lineage"))!.url.search).toBe("?direction=down&depth=5");
    expect(screen.getByLabelText("Depth")).toHaveValue("5");
  });

  it("says when there is no lineage, and when the graph was cut short", async () => {
    serve(() => json({ root_id: 1, truncated: false, nodes: [lineageNode(1, "customers", 0)], edges: [] }));
    renderWithProviders(<LineagePanel datasetId={1} />, { path: "/datasets/1?tab=lineage" });
    expect(await screen.findByText("No lineage recorded")).toBeInTheDocument();
  });

  it("warns that a truncated graph is not whole", async () => {
    serve(() => json({ ...graph, truncated: true }));
    renderWithProviders(<LineagePanel datasetId={1} />, { path: "/datasets/1?tab=lineage" });
    expect(await screen.findByText(/too large to show whole/)).toBeInTheDocument();
  });

  it("shows the API's message when the lineage cannot be loaded", async () => {
    serve(() => json(problem(422, "depth must be between 1 and 10."), 422));
    renderWithProviders(<LineagePanel datasetId={1} />, { path: "/datasets/1?tab=lineage" });
    expect(await screen.findByRole("heading", { name: "The lineage could not be loaded" })).toBeInTheDocument();
    expect(screen.getByText("depth must be between 1 and 10.")).toBeInTheDocument();
  });
});
