import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { datasetPage, domains, me, sources, tags } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { searchPage, suggestions } from "../search/fixtures";

function serve(items = suggestions) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(me),
    "GET /api/v1/domains": () => json({ items: domains }),
    "GET /api/v1/sources": () => json({ items: sources }),
    "GET /api/v1/tags": () => json({ items: tags }),
    "GET /api/v1/datasets": () => json(datasetPage([])),
    "GET /api/v1/search": () => json(searchPage([])),
    "GET /api/v1/search/suggest": () => json({ items }),
  });
}

type AppRouter = ReturnType<typeof renderApp>["router"];

/** Where the app is going (a lazily loaded page may still be loading). */
function destination(router: AppRouter) {
  return router.state.navigation.location ?? router.state.location;
}

async function typeInBox(text: string) {
  const user = userEvent.setup();
  const utils = renderApp("/datasets");
  const box = await screen.findByRole("combobox", { name: "Search the catalog" });
  await user.type(box, text);
  await screen.findByRole("listbox", { name: "Suggestions" });
  return { user, box, ...utils };
}

describe("the header's search box", () => {
  it("suggests datasets, columns and tags as you type (an ARIA combobox)", async () => {
    const { calls } = serve();
    const { box } = await typeInBox("cust");
    expect(box).toHaveAttribute("aria-expanded", "true");
    const listbox = screen.getByRole("listbox", { name: "Suggestions" });
    expect(box).toHaveAttribute("aria-controls", listbox.id);
    const options = within(listbox).getAllByRole("option");
    expect(options.map((option) => option.getAttribute("aria-label"))).toEqual([
      "customers, Dataset",
      "orders.customer_id, Column",
      "customer-data, Tag",
    ]);
    // Datasets of the same name are told apart by their URN.
    expect(options[0]).toHaveTextContent("urn:catalog:crm:customers");
    // What was typed is marked in each suggestion.
    expect(within(options[0]!).getByText("cust", { selector: "mark" })).toBeInTheDocument();
    const asked = calls.filter((call) => call.url.pathname === "/api/v1/search/suggest").map((call) => call.url.searchParams.get("q"));
    expect(asked.at(-1)).toBe("cust");
    expect(asked).not.toContain("c");
  });

  it("moves through the suggestions with the arrow keys and opens the chosen one with Enter", async () => {
    serve();
    const { user, box, router } = await typeInBox("cust");
    const options = screen.getAllByRole("option");
    expect(box).not.toHaveAttribute("aria-activedescendant");

    await user.keyboard("{ArrowDown}");
    expect(box).toHaveAttribute("aria-activedescendant", options[0]!.id);
    expect(options[0]).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowDown}{ArrowDown}{ArrowDown}");
    // Past the last, back to the first.
    expect(box).toHaveAttribute("aria-activedescendant", options[0]!.id);
    await user.keyboard("{ArrowUp}");
    expect(box).toHaveAttribute("aria-activedescendant", options[2]!.id);
    await user.keyboard("{ArrowUp}");
    expect(box).toHaveAttribute("aria-activedescendant", options[1]!.id);
    expect(options[1]).toHaveAttribute("aria-selected", "true");
    expect(options[0]).toHaveAttribute("aria-selected", "false");
    expect(box).toHaveFocus();

    // A column opens its dataset.
    await user.keyboard("{Enter}");
    await waitFor(() => expect(destination(router).pathname).toBe("/datasets/2"));
  });

  it("searches for the text with Enter when no suggestion is chosen", async () => {
    serve();
    const { user, router } = await typeInBox("cust");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(destination(router).pathname).toBe("/search"));
    expect(destination(router).search).toBe("?q=cust");
  });

  it("opens the search filtered by a tag chosen with the mouse", async () => {
    serve();
    const { user, router } = await typeInBox("cust");
    await user.click(screen.getByRole("option", { name: /customer-data/ }));
    await waitFor(() => expect(destination(router).pathname).toBe("/search"));
    expect(destination(router).search).toBe("?tag=customer-data");
  });

  it("closes the list with Escape, then clears the text", async () => {
    serve();
    const { user, box } = await typeInBox("cust");
    await user.keyboard("{ArrowDown}{Escape}");
    expect(box).toHaveAttribute("aria-expanded", "false");
    expect(box).not.toHaveAttribute("aria-activedescendant");
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
    expect(box).toHaveValue("cust");
    // Down opens it again.
    await user.keyboard("{ArrowDown}");
    expect(box).toHaveAttribute("aria-expanded", "true");
    await user.keyboard("{Escape}{Escape}");
    expect(box).toHaveValue("");
  });

  it("shows suggestion labels as text, never as markup", async () => {
    serve([{ kind: "dataset", label: '<img src=x onerror="window.__pwned=1">', dataset_id: 5, urn: "urn:x" }]);
    await typeInBox("<img");
    const listbox = screen.getByRole("listbox", { name: "Suggestions" });
    expect(listbox.querySelector("img")).toBeNull();
    expect(within(listbox).getByRole("option")).toHaveTextContent('<img src=x onerror="window.__pwned=1">');
  });

  it("asks nothing for text without letters or digits, and closes when nothing matches", async () => {
    const { calls } = serve([]);
    const user = userEvent.setup();
    renderApp("/datasets");
    const box = await screen.findByRole("combobox", { name: "Search the catalog" });
    await user.type(box, "**");
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(calls.some((call) => call.url.pathname === "/api/v1/search/suggest")).toBe(false);
    await user.type(box, "zz");
    await waitFor(() => expect(calls.some((call) => call.url.pathname === "/api/v1/search/suggest")).toBe(true));
    expect(box).toHaveAttribute("aria-expanded", "false");
  });
});
