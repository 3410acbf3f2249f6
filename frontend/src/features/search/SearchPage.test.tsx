import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { SearchPage } from "../../api/types";
import { me, problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { facetCounts, searchHit, searchPage } from "./fixtures";

function serve(search: Handler) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(me),
    "GET /api/v1/search": search,
  });
}

type Calls = ReturnType<typeof serve>["calls"];
const searchCalls = (calls: Calls) => calls.filter((call) => call.url.pathname === "/api/v1/search");
const lastQuery = (calls: Calls) => searchCalls(calls).at(-1)!.url.searchParams;

const results: SearchPage = searchPage(
  [
    searchHit({
      highlights: { name: [{ text: "cust", matched: true }, { text: "omers", matched: false }] },
    }),
    searchHit({
      id: 2,
      name: "orders",
      qualified_name: "public.orders",
      kind: "view",
      description: "",
      domain: null,
      tags: [],
      matched_columns: ["customer_id"],
      trust: "deprecated",
      personal_data: ["contact", "financial"],
      highlights: { "column:customer_id": [{ text: "customer", matched: true }, { text: "_id", matched: false }] },
    }),
  ],
  { query: "cust", total: 45, pages: 3, facets: facetCounts },
);

/** Answers with the page the request asked for. */
const byPage: Handler = (_request, url) => json({ ...results, page: Number(url.searchParams.get("page") ?? 1) });

describe("SearchPage", () => {
  // The page is loaded lazily: load it once up front, so no test waits on the import.
  beforeAll(async () => {
    await import("./SearchPage");
  });

  it("asks the API for the address's search, with every facet counted, and shows the hits", async () => {
    const { calls } = serve(byPage);
    renderApp("/search?q=cust&domain=sales&kind=view&kind=bogus&sort=name&page=2");
    const list = await screen.findByRole("list", { name: "Results" });

    const query = lastQuery(calls);
    expect(query.get("q")).toBe("cust");
    expect(query.getAll("domain")).toEqual(["sales"]);
    // A value the API would refuse is dropped from what is sent.
    expect(query.getAll("kind")).toEqual(["view"]);
    expect(query.get("sort")).toBe("name");
    expect(query.get("page")).toBe("2");
    expect(query.getAll("facets").join(",").split(",")).toEqual(
      expect.arrayContaining(["domain", "source", "platform", "kind", "tag", "personal_data", "personal_data_category", "owner", "trust"]),
    );

    const cards = within(list).getAllByRole("article");
    expect(cards).toHaveLength(2);
    const first = within(cards[0]!);
    expect(first.getByRole("link", { name: "customers" })).toHaveAttribute("href", "/datasets/1");
    expect(first.getByText("cust", { selector: "mark" })).toBeInTheDocument();
    expect(first.getByText("Table")).toBeInTheDocument();
    expect(first.getByText("Sales")).toBeInTheDocument();
    expect(first.getByText("Gold")).toBeInTheDocument();
    expect(first.getByText("One row per customer.")).toBeInTheDocument();

    // A column hit shows its dataset, and which column matched.
    const second = within(cards[1]!);
    expect(second.getByRole("link", { name: "orders" })).toHaveAttribute("href", "/datasets/2");
    expect(within(second.getByRole("list", { name: "Matching columns" })).getByText("customer", { selector: "mark" })).toBeInTheDocument();
    // Trust and personal data show on the card that has them, and only there.
    expect(second.getByText("Deprecated")).toBeInTheDocument();
    expect(second.getByText(/^Personal data: Contact details, Financial/)).toBeInTheDocument();
    expect(first.queryByText(/^Personal data/)).not.toBeInTheDocument();

    expect(screen.getByText("21–22 of 45 results for “cust”")).toBeInTheDocument();
    expect(screen.getByLabelText("Sort by")).toHaveValue("name");
    expect(screen.getByRole("button", { name: "Remove filter Domain: Sales" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Remove filter Kind: View" })).toBeInTheDocument();
  });

  it("renders highlights and data as inert text, never as markup", async () => {
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    serve(() =>
      json(
        searchPage([
          searchHit({
            name: payload,
            description: payload,
            tags: [{ key: "x", label: payload, vocabulary: "v" }],
            matched_columns: [payload],
            highlights: {
              name: [{ text: payload, matched: true }],
              description: [
                { text: "before ", matched: false },
                { text: payload, matched: true },
              ],
              [`column:${payload}`]: [{ text: payload, matched: false }],
            },
          }),
        ]),
      ),
    );
    renderApp("/search?q=img");
    const list = await screen.findByRole("list", { name: "Results" });
    expect(list.querySelector("script, img, [onerror]")).toBeNull();
    expect(within(list).getByRole("link", { name: payload })).toBeInTheDocument();
    expect(within(list).getAllByText(payload, { selector: "mark" }).length).toBeGreaterThanOrEqual(2);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("ticking a facet value narrows the search in the address and the request; its chip removes it", async () => {
    const { calls } = serve(byPage);
    const user = userEvent.setup();
    const { router } = renderApp("/search?q=cust&page=2");
    await screen.findByRole("list", { name: "Results" });

    const domains = screen.getByRole("group", { name: "Domain" });
    await user.click(within(domains).getByRole("checkbox", { name: /Sales/ }));
    await waitFor(() => expect(router.state.location.search).toBe("?q=cust&domain=sales"));
    await waitFor(() => expect(lastQuery(calls).getAll("domain")).toEqual(["sales"]));
    expect(lastQuery(calls).get("page")).toBe("1");
    expect(within(domains).getByRole("checkbox", { name: /Sales/ })).toBeChecked();

    await user.click(within(screen.getByRole("group", { name: "Personal data" })).getByRole("checkbox", { name: /^Declared/ }));
    await waitFor(() => expect(router.state.location.search).toBe("?q=cust&domain=sales&personal_data=yes"));
    await waitFor(() => expect(lastQuery(calls).getAll("personal_data")).toEqual(["yes"]));

    await user.click(screen.getByRole("button", { name: "Remove filter Domain: Sales" }));
    await waitFor(() => expect(router.state.location.search).toBe("?q=cust&personal_data=yes"));
    await waitFor(() => expect(lastQuery(calls).getAll("domain")).toEqual([]));

    // Back walks the filters back.
    await act(() => router.navigate(-1));
    await waitFor(() => expect(router.state.location.search).toBe("?q=cust&domain=sales&personal_data=yes"));
    expect(await screen.findByRole("button", { name: "Remove filter Domain: Sales" })).toBeInTheDocument();
  });

  it("sorts from the select, starting again at page 1", async () => {
    const { calls } = serve(byPage);
    const user = userEvent.setup();
    const { router } = renderApp("/search?q=cust&page=3");
    await screen.findByRole("list", { name: "Results" });
    await user.selectOptions(screen.getByLabelText("Sort by"), "popularity");
    await waitFor(() => expect(router.state.location.search).toBe("?q=cust&sort=popularity"));
    await waitFor(() => expect(lastQuery(calls).get("sort")).toBe("popularity"));
    expect(lastQuery(calls).get("page")).toBe("1");
  });

  it("pages with links, keeping the previous results on screen while the next page loads", async () => {
    let release: (response: Response) => void = () => undefined;
    const { calls } = serve((request, url) => {
      if (url.searchParams.get("page") === "2") return new Promise<Response>((resolve) => (release = resolve));
      return byPage(request, url);
    });
    const user = userEvent.setup();
    const { router } = renderApp("/search?q=cust&tag=gold");
    await screen.findByRole("link", { name: "customers" });
    const pagination = screen.getByRole("navigation", { name: "Pagination" });
    expect(within(pagination).getByRole("link", { name: "Page 2" })).toHaveAttribute("href", "/search?q=cust&tag=gold&page=2");

    await user.click(within(pagination).getByRole("link", { name: "Next ›" }));
    await waitFor(() => expect(lastQuery(calls).get("page")).toBe("2"));
    expect(router.state.location.search).toBe("?q=cust&tag=gold&page=2");
    // Still there, marked busy: no blank list, no jump.
    expect(screen.getByRole("link", { name: "customers" })).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Results" })).toHaveAttribute("aria-busy", "true");

    release(json({ ...results, page: 2, items: [searchHit({ id: 9, name: "invoices" })] }));
    expect(await screen.findByRole("link", { name: "invoices" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "customers" })).not.toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Results" })).not.toHaveAttribute("aria-busy");
  });

  it("searches once typing pauses, as one history entry", async () => {
    const { calls } = serve((_request, url) => json({ ...results, query: url.searchParams.get("q") ?? "" }));
    const user = userEvent.setup();
    const { router } = renderApp("/search?q=cust&domain=sales&page=2");
    await screen.findByRole("list", { name: "Results" });
    const box = screen.getByRole("searchbox", { name: "Search the catalog" });
    expect(box).toHaveValue("cust");

    await user.clear(box);
    await user.type(box, "ord");
    await waitFor(() => expect(router.state.location.search).toBe("?q=ord&domain=sales"));
    await user.type(box, "ers");
    await waitFor(() => expect(router.state.location.search).toBe("?q=orders&domain=sales"));
    await waitFor(() => expect(lastQuery(calls).get("q")).toBe("orders"));
    // Not a request per keystroke.
    const asked = searchCalls(calls).map((call) => call.url.searchParams.get("q"));
    expect(asked.filter((q) => !["cust", "ord", "orders"].includes(q!))).toEqual([]);

    // Back returns to the search before the typing, not to "ord".
    await act(() => router.navigate(-1));
    await waitFor(() => expect(router.state.location.search).toBe("?q=cust&domain=sales&page=2"));
    await waitFor(() => expect(box).toHaveValue("cust"));
  });

  it("offers the API's “did you mean”", async () => {
    serve(() => json({ ...results, query: "custmer", suggestion: "customer" }));
    const user = userEvent.setup();
    const { router } = renderApp("/search?q=custmer&kind=table");
    const link = await screen.findByRole("link", { name: "customer" });
    expect(link.closest("p")).toHaveTextContent("Did you mean customer?");
    await user.click(link);
    await waitFor(() => expect(router.state.location.search).toBe("?q=customer&kind=table"));
  });

  it("says when nothing matches, with hints and a way out of the filters", async () => {
    serve(() => json(searchPage([], { query: "zzz", facets: {} })));
    const user = userEvent.setup();
    const { router } = renderApp("/search?q=zzz&owner=bo");
    expect(await screen.findByRole("heading", { name: "Nothing matches “zzz”" })).toBeInTheDocument();
    expect(screen.getByText(/Check the spelling/)).toBeInTheDocument();
    // The filter in force stays visible (and removable) though no value was counted.
    expect(within(screen.getByRole("group", { name: "Owner" })).getByRole("checkbox", { name: /bo/ })).toBeChecked();
    await user.click(screen.getByRole("link", { name: "Search without the filters" }));
    await waitFor(() => expect(router.state.location.search).toBe("?q=zzz"));
  });

  it("shows the API's message when the search fails, and retries", async () => {
    let fail = true;
    serve(() => (fail ? json(problem(500, "The search index is being rebuilt."), 500) : json(results)));
    const user = userEvent.setup();
    renderApp("/search?q=cust");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The search failed");
    expect(alert).toHaveTextContent("The search index is being rebuilt.");
    fail = false;
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("link", { name: "customers" })).toBeInTheDocument();
  });

  it("explains a refused search without offering to retry it", async () => {
    serve(() => json(problem(422, "The query is too long: at most 1000 characters."), 422));
    renderApp("/search?q=cust");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This search cannot be run");
    expect(alert).toHaveTextContent("The query is too long");
    expect(within(alert).queryByRole("button")).not.toBeInTheDocument();
  });

  it("shows skeleton cards while the first results load", async () => {
    let release: (response: Response) => void = () => undefined;
    serve(() => new Promise<Response>((resolve) => (release = resolve)));
    const { container } = renderApp("/search?q=cust");
    await screen.findByRole("searchbox", { name: "Search the catalog" });
    await waitFor(() => expect(container.querySelectorAll(".search-hit .skeleton").length).toBeGreaterThan(0));
    release(json(results));
    await screen.findByRole("link", { name: "customers" });
    expect(container.querySelector(".skeleton")).toBeNull();
  });
});
