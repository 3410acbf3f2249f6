import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { DatasetPage } from "../../api/types";
import { datasetPage, datasetSummary, domains, me, problem, sources, tags } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

function serve(datasets: Handler) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(me),
    "GET /api/v1/domains": () => json({ items: domains }),
    "GET /api/v1/sources": () => json({ items: sources }),
    "GET /api/v1/tags": () => json({ items: tags }),
    "GET /api/v1/datasets": datasets,
  });
}

const page: DatasetPage = datasetPage(
  [
    datasetSummary(),
    datasetSummary({
      id: 2,
      name: "orders_view",
      urn: "urn:catalog:crm:orders_view",
      qualified_name: "mart.orders_view",
      kind: "view",
      description: "",
      domain: null,
      tags: [],
      column_count: 1500,
    }),
  ],
  { total: 60, pages: 3, per_page: 25 },
);

function datasetCalls(calls: ReturnType<typeof serve>["calls"]) {
  return calls.filter((call) => call.url.pathname === "/api/v1/datasets");
}

describe("DatasetsPage", () => {
  it("lists datasets with kind, domain, source, description, tags and column count", async () => {
    serve(() => json(page));
    renderApp("/datasets");
    const table = await screen.findByRole("table", { name: "Datasets" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(2);

    const first = within(rows[0]!);
    expect(first.getByRole("link", { name: "customers" })).toHaveAttribute("href", "/datasets/1");
    expect(first.getByText("Table")).toBeInTheDocument();
    expect(first.getByRole("link", { name: "Sales" })).toHaveAttribute("href", "/datasets?domain=sales");
    expect(first.getByText("CRM")).toBeInTheDocument();
    // Markdown is shown as plain text in the list.
    expect(first.getByText("One row per customer.")).toBeInTheDocument();
    expect(first.getByText("Gold")).toBeInTheDocument();
    expect(first.getByText("12")).toBeInTheDocument();

    const second = within(rows[1]!);
    expect(second.getByText("View")).toBeInTheDocument();
    expect(second.getByText("No description")).toBeInTheDocument();
    expect(second.getByText("1,500")).toBeInTheDocument();

    expect(screen.getByText("1–2 of 60 datasets")).toBeInTheDocument();
  });

  it("shows a fixed-size skeleton while loading", async () => {
    let release: (response: Response) => void = () => undefined;
    serve(() => new Promise<Response>((resolve) => (release = resolve)));
    const { container } = renderApp("/datasets");
    await screen.findByRole("heading", { name: "Datasets" });
    expect(container.querySelectorAll(".dataset-row .skeleton").length).toBeGreaterThan(0);
    expect(container.querySelectorAll("tbody .dataset-row")).toHaveLength(10);
    release(json(page));
    await screen.findByRole("link", { name: "customers" });
    expect(container.querySelector(".skeleton")).toBeNull();
  });

  it("reads filters, sort and page from the address and sends them to the API", async () => {
    const { calls } = serve(() => json({ ...page, page: 2 }));
    renderApp("/datasets?domain=sales&tag=gold&tag=pii&kind=view&sort=-updated_at&page=2");
    await screen.findByRole("link", { name: "customers" });
    const query = datasetCalls(calls)[0]!.url.searchParams;
    expect(query.get("domain")).toBe("sales");
    expect(query.getAll("tag")).toEqual(["gold", "pii"]);
    expect(query.get("kind")).toBe("view");
    expect(query.get("sort")).toBe("-updated_at");
    expect(query.get("page")).toBe("2");
    expect(query.get("per_page")).toBe("25");
    await waitFor(() => expect(screen.getByLabelText("Domain")).toHaveValue("sales"));
    expect(screen.getByLabelText("Kind")).toHaveValue("view");
    expect(screen.getByLabelText("Sort by")).toHaveValue("-updated_at");
  });

  it("keeps a changed filter in the address and starts again at page 1", async () => {
    const { calls } = serve((_request, url) => json({ ...page, page: Number(url.searchParams.get("page")) }));
    const user = userEvent.setup();
    const { router } = renderApp("/datasets?page=3&sort=-name");
    await screen.findByRole("link", { name: "customers" });
    await waitFor(() => expect(within(screen.getByLabelText("Domain")).getByRole("option", { name: "Sales" })).toBeInTheDocument());

    await user.selectOptions(screen.getByLabelText("Domain"), "sales");
    await waitFor(() => expect(router.state.location.search).toBe("?domain=sales&sort=-name"));
    await waitFor(() => expect(datasetCalls(calls).at(-1)!.url.searchParams.get("domain")).toBe("sales"));
    expect(datasetCalls(calls).at(-1)!.url.searchParams.get("page")).toBe("1");

    await user.selectOptions(screen.getByLabelText("Tag"), "pii");
    await waitFor(() => expect(router.state.location.search).toBe("?domain=sales&tag=pii&sort=-name"));

    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(router.state.location.search).toBe("?sort=-name"));
  });

  it("paginates with links that keep the filters", async () => {
    serve((_request, url) => json({ ...page, page: Number(url.searchParams.get("page")) }));
    const user = userEvent.setup();
    const { router } = renderApp("/datasets?kind=table");
    await screen.findByRole("link", { name: "customers" });
    const pagination = screen.getByRole("navigation", { name: "Pagination" });
    expect(within(pagination).getByRole("link", { name: "Page 1" })).toHaveAttribute("aria-current", "page");
    await user.click(within(pagination).getByRole("link", { name: /Next/ }));
    await waitFor(() => expect(router.state.location.search).toBe("?kind=table&page=2"));
    await waitFor(() =>
      expect(within(screen.getByRole("navigation", { name: "Pagination" })).getByRole("link", { name: "Page 2" })).toHaveAttribute(
        "aria-current",
        "page",
      ),
    );
  });

  it("points text in an old address (/datasets?q=) to the search", async () => {
    serve(() => json(page));
    renderApp("/datasets?q=orders");
    expect(await screen.findByText(/This list is not filtered by text/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Search the catalog for “orders”" })).toHaveAttribute("href", "/search?q=orders");
  });

  it("has an empty state that offers to clear the filters", async () => {
    serve(() => json(datasetPage([])));
    renderApp("/datasets?kind=model");
    expect(await screen.findByText("No dataset matches these filters")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Clear the filters" })).toHaveAttribute("href", "/datasets");
  });

  it("explains a filter the server refuses", async () => {
    serve(() => json(problem(422, "There is no domain 'gone'.", { query: { domain: ["Unknown domain."] } }), 422));
    renderApp("/datasets?domain=gone");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("There is no domain 'gone'.");
    expect(within(alert).getByRole("link", { name: "Clear the filters" })).toBeInTheDocument();
  });

  it("offers to retry after a server error", async () => {
    let fail = true;
    serve(() => (fail ? json(problem(500, "Internal Server Error"), 500) : json(page)));
    const user = userEvent.setup();
    renderApp("/datasets");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The datasets could not be loaded");
    fail = false;
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("link", { name: "customers" })).toBeInTheDocument();
  });
});
