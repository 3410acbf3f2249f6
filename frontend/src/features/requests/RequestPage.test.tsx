import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ChangeRequest, Me } from "../../api/types";
import { problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { changeItem, changeRequest, contributor, steward } from "./fixtures";

function serve(request: ChangeRequest | Handler, who: Me = steward, extra: Record<string, Handler> = {}) {
  const api = mockApi({
    "GET /api/v1/auth/me": () => json(who),
    "GET /api/v1/me/notifications": () => json({ items: [], page: 1, pages: 0, per_page: 1, total: 0, unread: 0 }),
    "GET /api/v1/change-requests/12": typeof request === "function" ? request : () => json(request),
    ...extra,
  });
  const detailCalls = () => api.calls.filter((call) => call.method === "GET" && call.url.pathname === "/api/v1/change-requests/12");
  return { ...api, detailCalls };
}

// The page is a lazy chunk: its first load may take a while on a busy machine.
const findTitle = (name: string) => screen.findByRole("heading", { level: 1, name }, { timeout: 5000 });

const staleDescription = changeItem({
  id: 101,
  kind: "description.edit",
  payload: { description: "Customers who bought at least once." },
  before: "",
  current: "Every customer, including prospects.",
  stale: true,
  target: "customers",
});

describe("a change request", () => {
  it("shows a stale item's value before, now and proposed", async () => {
    serve(changeRequest({ title: "Describe customers", kinds: ["description.edit"], stale: true, items: [staleDescription] }));
    renderApp("/requests/12");
    await findTitle("Describe customers");
    const item = screen.getByRole("article", { name: /Edit the description/ });
    expect(within(item).getByText("Stale")).toBeInTheDocument();
    expect(within(item).getByText(/approving will not apply it blindly/)).toBeInTheDocument();
    expect(within(within(item).getByRole("region", { name: "Before (what the proposer saw)" })).getByText("(nothing)")).toBeInTheDocument();
    expect(within(item).getByRole("region", { name: "Now" })).toHaveTextContent("Every customer, including prospects.");
    expect(within(item).getByRole("region", { name: "Proposed" })).toHaveTextContent("Customers who bought at least once.");
    expect(within(item).getByRole("link", { name: "customers" })).toHaveAttribute("href", "/datasets/1");
  });

  it("shows a fresh description edit as a line diff", async () => {
    serve(
      changeRequest({
        items: [changeItem({ kind: "description.edit", payload: { description: "One row per customer.\nUpdated nightly." }, before: "One row per customer.", current: "One row per customer." })],
      }),
    );
    renderApp("/requests/12");
    const diff = await screen.findByRole("list", { name: "Changes line by line" }, { timeout: 5000 });
    const [same, added] = within(diff).getAllByRole("listitem");
    expect(same).toHaveClass("diff-same");
    expect(added).toHaveClass("diff-added");
    expect(added).toHaveTextContent("Updated nightly.");
  });

  it("approves with a comment, item by item when the reviewer unticks some", async () => {
    let sent: unknown = null;
    const request = changeRequest({
      item_count: 2,
      items: [changeItem(), changeItem({ id: 102, position: 1, payload: { tag: "silver" } })],
    });
    serve(request, steward, {
      "POST /api/v1/change-requests/12/decision": async (req) => {
        sent = await req.json();
        return json({ ...request, status: "partially_applied", items: [{ ...request.items[0]!, status: "applied", after: true }, { ...request.items[1]!, status: "rejected" }] });
      },
    });
    const user = userEvent.setup();
    renderApp("/requests/12");
    await findTitle("Add tag gold to customers");
    const silver = screen.getByRole("article", { name: /silver/ });
    await user.click(within(silver).getByRole("checkbox", { name: /Approve this item/ }));
    await user.type(screen.getByLabelText("Comment for the proposer (optional)"), "Silver is for finance only");
    await user.click(screen.getByRole("button", { name: "Approve" }));
    await waitFor(() => expect(screen.getAllByText("Partly applied").length).toBeGreaterThan(0));
    expect(sent).toEqual({ decision: "approve", comment: "Silver is for finance only", items: { "102": "reject" } });
    expect(screen.queryByRole("button", { name: "Approve" })).not.toBeInTheDocument();
  });

  it("says clearly when someone else decided meanwhile, and reloads", async () => {
    let decided = false;
    const { detailCalls } = serve(
      () => json(decided ? changeRequest({ status: "applied", decided_at: "2025-03-02T10:00:00Z", items: [changeItem({ status: "applied", after: true })] }) : changeRequest()),
      steward,
      {
        "POST /api/v1/change-requests/12/decision": () => {
          decided = true;
          return json(problem(409, "Change request 12 was decided by someone else meanwhile."), 409);
        },
      },
    );
    const user = userEvent.setup();
    renderApp("/requests/12");
    await findTitle("Add tag gold to customers");
    await user.click(screen.getByRole("button", { name: "Reject" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Someone else decided this request meanwhile.");
    expect(alert).toHaveTextContent("Change request 12 was decided by someone else meanwhile.");
    const before = detailCalls().length;
    await user.click(within(alert).getByRole("button", { name: "Reload the request" }));
    await waitFor(() => expect(detailCalls().length).toBe(before + 1));
    expect(await screen.findAllByText("Applied")).not.toHaveLength(0);
    expect(screen.queryByRole("button", { name: "Approve" })).not.toBeInTheDocument();
  });

  it("renders comments as inert text", async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    serve(
      changeRequest({
        rationale: "<b>bold?</b>",
        comments: [{ id: 1, author: { username: "ana", display_name: "Ana <i>Lima</i>" }, body: hostile, created_at: "2025-03-01T11:00:00Z" }],
      }),
      steward,
    );
    renderApp("/requests/12");
    await findTitle("Add tag gold to customers");
    expect(screen.getByText(hostile)).toBeInTheDocument();
    expect(screen.getByText("<b>bold?</b>")).toBeInTheDocument();
    expect(screen.getByText("Ana <i>Lima</i>")).toBeInTheDocument();
    expect(document.querySelector("main img, main script, main b, main i")).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("posts a comment and shows it", async () => {
    let body: unknown = null;
    serve(changeRequest(), steward, {
      "POST /api/v1/change-requests/12/comments": async (req) => {
        body = await req.json();
        return json({ id: 9, author: { username: "sofia", display_name: "Sofia Steward" }, body: "Which vocabulary?", created_at: "2025-03-02T08:00:00Z" }, 201);
      },
    });
    const user = userEvent.setup();
    renderApp("/requests/12");
    await findTitle("Add tag gold to customers");
    await user.type(screen.getByLabelText("Add a comment"), "Which vocabulary?");
    await user.click(screen.getByRole("button", { name: "Comment" }));
    expect(await screen.findByText("Which vocabulary?", { selector: ".comment-body" })).toBeInTheDocument();
    expect(body).toEqual({ body: "Which vocabulary?" });
    expect(screen.getByLabelText("Add a comment")).toHaveValue("");
  });

  it("never offers the proposer to approve their own request, and lets them withdraw it", async () => {
    const proposerSteward: Me = { ...steward, username: "ana", display_name: "Ana Lima" };
    let withdrawn = false;
    serve(changeRequest(), proposerSteward, {
      "POST /api/v1/change-requests/12/withdraw": () => {
        withdrawn = true;
        return json(changeRequest({ status: "withdrawn", items: [changeItem({ status: "withdrawn" })] }));
      },
    });
    const user = userEvent.setup();
    renderApp("/requests/12");
    await findTitle("Add tag gold to customers");
    expect(screen.queryByRole("button", { name: "Approve" })).not.toBeInTheDocument();
    expect(screen.getByRole("note")).toHaveTextContent("nobody approves their own request");
    await user.click(screen.getByRole("button", { name: "Withdraw" }));
    const dialog = screen.getByRole("dialog", { name: "Withdraw this request?" });
    await user.click(within(dialog).getByRole("button", { name: "Withdraw" }));
    await waitFor(() => expect(withdrawn).toBe(true));
    expect((await screen.findAllByText("Withdrawn")).length).toBeGreaterThan(0);
  });

  it("counts the approvals of a two-approver request", async () => {
    serve(
      changeRequest({
        route: "two_approvers",
        approvals_needed: 2,
        kinds: ["personal_data.withdraw"],
        items: [changeItem({ kind: "personal_data.withdraw", payload: { category: "contact", justification: "Hashed" }, before: ["contact"], current: ["contact"] })],
        reviews: [{ reviewer: { username: "sam", display_name: "Sam Steward" }, decision: "approve", comment: "Fine by me", items: {}, created_at: "2025-03-01T12:00:00Z" }],
      }),
    );
    renderApp("/requests/12");
    await findTitle("Add tag gold to customers");
    expect(screen.getByText("1 of 2 approvals")).toBeInTheDocument();
    expect(screen.getByText("Fine by me")).toBeInTheDocument();
    const item = screen.getByRole("article", { name: /Withdraw personal data/ });
    expect(within(item).getByRole("region", { name: "Before" })).toHaveTextContent("contact");
    expect(within(item).getByRole("region", { name: "Proposed" })).toHaveTextContent("(nothing)");
  });

  it("shows a viewer the request without decision buttons, and a missing one as not found", async () => {
    serve(changeRequest(), { ...contributor, username: "vera", display_name: "Vera Viewer" });
    const first = renderApp("/requests/12");
    await findTitle("Add tag gold to customers");
    expect(screen.queryByRole("button", { name: "Approve" })).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Add a comment")).not.toBeInTheDocument();
    first.unmount();

    serve(() => json(problem(404, "There is no change request 12."), 404));
    renderApp("/requests/12");
    expect(await screen.findByRole("heading", { name: "This change request does not exist" }, { timeout: 5000 })).toBeInTheDocument();
  });
});
