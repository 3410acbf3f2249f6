import { screen, within } from "@testing-library/react";
import { me, problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import { renderWithProviders } from "../../test/renderApp";
import { ActivitySection } from "./ActivitySection";

const entries = [
  {
    at: "2025-03-05T10:00:00Z",
    type: "contribution",
    summary: "Add a tag: gold",
    status: "applied",
    actor: "ana",
    request_id: 7,
    run_id: null,
  },
  {
    at: "2025-03-04T06:00:00Z",
    type: "schema_change",
    summary: "Column fax removed",
    status: "column_removed",
    actor: "pull run",
    request_id: null,
    run_id: 42,
  },
];

describe("ActivitySection", () => {
  it("lists contributions and schema changes, newest first, with links to requests", async () => {
    mockApi({
      "GET /api/v1/auth/me": () => json(me),
      "GET /api/v1/datasets/1/activity": () => json({ items: entries, page: 1, pages: 3, per_page: 25, total: 60 }),
    });
    renderWithProviders(<ActivitySection datasetId={1} />, { path: "/datasets/1?tab=activity" });
    const list = await screen.findByRole("list", { name: "History" });
    const items = within(list).getAllByRole("listitem");
    expect(within(items[0]!).getByRole("link", { name: "Add a tag: gold" })).toHaveAttribute("href", "/requests/7");
    expect(items[0]).toHaveTextContent("Proposed by ana");
    expect(within(items[0]!).getByText("applied")).toBeInTheDocument();
    expect(items[1]).toHaveTextContent("Column fax removed");
    expect(items[1]).toHaveTextContent("Seen by a pull run (run #42)");
    expect(screen.getByText("60 events")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Page 2" })).toHaveAttribute("href", "/datasets/1?tab=activity&page=2");
  });

  it("asks for the page in the address", async () => {
    const { calls } = mockApi({
      "GET /api/v1/auth/me": () => json(me),
      "GET /api/v1/datasets/1/activity": () => json({ items: entries, page: 2, pages: 3, per_page: 25, total: 60 }),
    });
    renderWithProviders(<ActivitySection datasetId={1} />, { path: "/datasets/1?tab=activity&page=2" });
    await screen.findByText("Column fax removed");
    expect(calls.find((c) => c.url.pathname.endsWith("/activity"))!.url.searchParams.get("page")).toBe("2");
  });

  it("shows the API's message when the history cannot be loaded", async () => {
    mockApi({
      "GET /api/v1/auth/me": () => json(me),
      "GET /api/v1/datasets/1/activity": () => json(problem(422, "The activity lists its 10,000 latest entries."), 422),
    });
    renderWithProviders(<ActivitySection datasetId={1} />, { path: "/datasets/1?tab=activity&page=999" });
    expect(await screen.findByRole("heading", { name: "The history could not be loaded" })).toBeInTheDocument();
    expect(screen.getByText("The activity lists its 10,000 latest entries.")).toBeInTheDocument();
  });
});
