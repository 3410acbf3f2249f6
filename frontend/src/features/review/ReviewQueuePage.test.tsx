import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { domains, problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { contributor, requestPage, requestSummary, steward } from "../requests/fixtures";

const fresh = requestSummary();
const stale = requestSummary({
  id: 13,
  title: "Describe customers.email",
  kinds: ["description.edit"],
  target: { dataset_id: 1, dataset: "customers", column: "email" },
  stale: true,
  item_count: 3,
  due_at: "2000-01-01T00:00:00Z",
  escalated: true,
});

function serve(list: Handler = () => json(requestPage([fresh, stale])), extra: Record<string, Handler> = {}, who = steward) {
  const api = mockApi({
    "GET /api/v1/auth/me": () => json(who),
    "GET /api/v1/domains": () => json({ items: domains }),
    "GET /api/v1/change-requests": list,
    ...extra,
  });
  const listCalls = () => api.calls.filter((call) => call.method === "GET" && call.url.pathname === "/api/v1/change-requests");
  return { ...api, listCalls };
}

// The page is a lazy chunk: its first load may take a while on a busy machine.
const findQueue = () => screen.findByRole("table", { name: "Change requests" }, { timeout: 5000 });

describe("the review queue", () => {
  it("shows kind, target, proposer, age and due date, and marks stale requests", async () => {
    const { listCalls } = serve();
    renderApp("/review");
    const table = await findQueue();
    const rows = within(table).getAllByRole("row");
    const staleRow = rows.find((row) => row.textContent?.includes("Describe customers.email"))!;
    expect(staleRow).toHaveClass("row-stale");
    expect(within(staleRow).getByText("Stale")).toBeInTheDocument();
    expect(within(staleRow).getByText("Edit the description")).toBeInTheDocument();
    expect(within(staleRow).getByRole("link", { name: "customers.email" })).toHaveAttribute("href", "/datasets/1");
    expect(within(staleRow).getByText("+2 more")).toBeInTheDocument();
    expect(within(staleRow).getByText("overdue")).toBeInTheDocument();
    expect(within(staleRow).getByText("escalated")).toBeInTheDocument();
    expect(within(staleRow).getByText("Ana Lima")).toBeInTheDocument();
    expect(within(staleRow).getByRole("link", { name: "Describe customers.email" })).toHaveAttribute("href", "/requests/13");
    const freshRow = rows.find((row) => row.textContent?.includes("Add tag gold"))!;
    expect(within(freshRow).queryByText("Stale")).not.toBeInTheDocument();
    // My queue: pending requests I may decide, oldest first.
    expect(Object.fromEntries(listCalls()[0]!.url.searchParams)).toMatchObject({ reviewable: "true", sort: "created_at" });
  });

  it("keeps the filters and sort in the address and sends them to the API", async () => {
    const { listCalls } = serve();
    const user = userEvent.setup();
    const { router } = renderApp("/review?page=3");
    await findQueue();
    await user.selectOptions(screen.getByLabelText("Domain"), "sales");
    await user.selectOptions(screen.getByLabelText("Kind of change"), "description.edit");
    await user.selectOptions(screen.getByLabelText("Stale"), "true");
    await user.selectOptions(screen.getByLabelText("Age"), "7");
    await user.type(screen.getByLabelText("Proposer"), "ana{Enter}");
    await user.selectOptions(screen.getByLabelText("Sort"), "-created_at");

    await waitFor(() =>
      expect(Object.fromEntries(new URLSearchParams(router.state.location.search))).toEqual({
        domain: "sales",
        kind: "description.edit",
        proposer: "ana",
        stale: "true",
        older_than: "7",
        sort: "-created_at",
      }),
    );
    await waitFor(() => {
      const sent = Object.fromEntries(listCalls().at(-1)!.url.searchParams);
      expect(sent).toMatchObject({
        reviewable: "true",
        domain: "sales",
        kind: "description.edit",
        proposer: "ana",
        stale: "true",
        sort: "-created_at",
        page: "1",
      });
      const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
      expect(Math.abs(Date.parse(sent.created_before!) - weekAgo)).toBeLessThan(120_000);
    });

    // A status lists requests in that state instead of my queue.
    await user.selectOptions(screen.getByLabelText("Status"), "rejected");
    await waitFor(() => expect(listCalls().at(-1)!.url.searchParams.get("status")).toBe("rejected"));
    expect(listCalls().at(-1)!.url.searchParams.get("reviewable")).toBeNull();
    expect(screen.queryByRole("checkbox", { name: /Select/ })).not.toBeInTheDocument();
  });

  it("decides the selected requests at once and shows each one's outcome", async () => {
    let bulkBody: unknown = null;
    serve(undefined, {
      "POST /api/v1/change-requests/decisions": async (request) => {
        bulkBody = await request.json();
        return json({
          decided: 1,
          failed: 1,
          results: [
            { id: 12, ok: true, status: "applied", detail: "" },
            { id: 13, ok: false, status: "409", detail: "Change request 13 was decided by someone else meanwhile." },
          ],
        });
      },
    });
    const user = userEvent.setup();
    renderApp("/review");
    await findQueue();
    await user.click(screen.getByRole("checkbox", { name: "Select every request on this page" }));
    expect(screen.getByRole("heading", { name: "2 requests selected" })).toBeInTheDocument();
    await user.type(screen.getByLabelText("Comment for the proposers (optional)"), "Checked with the team");
    await user.click(screen.getByRole("button", { name: "Approve selected" }));

    const results = await screen.findByRole("status", { name: "Results of the bulk decision" });
    expect(bulkBody).toEqual({ ids: [12, 13], decision: "approve", comment: "Checked with the team" });
    expect(results).toHaveTextContent("1 request decided, 1 failure.");
    const [ok, failed] = within(results).getAllByRole("listitem");
    expect(ok).toHaveTextContent("Add tag gold to customers: Applied");
    expect(failed).toHaveTextContent("Describe customers.email: Conflict (409) Change request 13 was decided by someone else meanwhile.");
    expect(within(failed!).getByRole("link")).toHaveAttribute("href", "/requests/13");
    // What failed stays selected, to look at it again.
    expect(screen.getByRole("heading", { name: "1 request selected" })).toBeInTheDocument();
  });

  it("gives focus to the outcome when every selected request was decided (the bar goes away)", async () => {
    serve(undefined, {
      "POST /api/v1/change-requests/decisions": () =>
        json({
          decided: 2,
          failed: 0,
          results: [
            { id: 12, ok: true, status: "applied", detail: "" },
            { id: 13, ok: true, status: "rejected", detail: "" },
          ],
        }),
    });
    const user = userEvent.setup();
    renderApp("/review");
    await findQueue();
    await user.click(screen.getByRole("checkbox", { name: "Select every request on this page" }));
    await user.click(screen.getByRole("button", { name: "Reject selected" }));

    const results = await screen.findByRole("status", { name: "Results of the bulk decision" });
    expect(screen.queryByRole("button", { name: "Reject selected" })).not.toBeInTheDocument();
    expect(results).toHaveFocus();
  });

  it("offers the last page to an address past the end of the queue", async () => {
    serve(() => json(requestPage([], { page: 9, pages: 2, total: 30 })));
    renderApp("/review?stale=true&page=9");
    expect(await screen.findByRole("heading", { name: "This page is past the end of the queue" }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to the last page" })).toHaveAttribute("href", "/review?stale=true&page=2");
  });

  it("says when nothing waits, and when a filter is refused", async () => {
    serve(() => json(requestPage([])));
    const first = renderApp("/review");
    expect(await screen.findByRole("heading", { name: "Nothing waits for your review" }, { timeout: 5000 })).toBeInTheDocument();
    first.unmount();

    serve(() => json(problem(422, "There is no proposer 'zed'.", { proposer: ["Unknown proposer."] }), 422));
    renderApp("/review?proposer=zed");
    expect(await screen.findByRole("heading", { name: "These filters cannot be applied" })).toBeInTheDocument();
    expect(screen.getByText("There is no proposer 'zed'.")).toBeInTheDocument();
  });

  it("is offered only to reviewers", async () => {
    const { listCalls } = serve(undefined, {}, contributor);
    renderApp("/review");
    expect(await screen.findByRole("heading", { name: "You do not review contributions" }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Review" })).not.toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).queryByRole("link", { name: "Review" })).not.toBeInTheDocument();
    expect(within(nav).getByRole("link", { name: "My contributions" })).toBeInTheDocument();
    expect(listCalls()).toHaveLength(0);
  });
});
