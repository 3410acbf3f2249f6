import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { components } from "../../api/schema";
import { datasetDetail, me, problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp, renderWithProviders } from "../../test/renderApp";
import { DiscussionSection } from "./DiscussionSection";

type DatasetComment = components["schemas"]["DatasetComment"];

const contributor = { ...me, permissions: ["catalog:read", "metadata:propose"] };

function comment(id: number, body: string, overrides: Partial<DatasetComment> = {}): DatasetComment {
  return { id, body, author: { username: "ana", display_name: "Ana Lima" }, created_at: "2025-03-01T10:00:00Z", ...overrides };
}

const page = (items: DatasetComment[], overrides = {}) => ({ items, page: 1, pages: 1, per_page: 50, total: items.length, ...overrides });

function serve(who = contributor, more: Record<string, Handler> = {}) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(who),
    "GET /api/v1/datasets/1/comments": () => json(page([])),
    ...more,
  });
}

describe("DiscussionSection", () => {
  beforeAll(async () => {
    await import("./DatasetPage");
  }, 30_000);

  it("shows comments oldest first as plain text: markup and scripts stay inert", async () => {
    const hostile = '<script>window.hacked = true</script><img src=x onerror="window.hacked = true"> **not bold**\nsecond line';
    serve(contributor, {
      "GET /api/v1/datasets/1/comments": () =>
        json(page([comment(1, "Is this refreshed daily?"), comment(2, hostile, { author: null })])),
    });
    const { container } = renderWithProviders(<DiscussionSection dataset={datasetDetail()} />, { path: "/datasets/1?tab=discussion" });
    const list = await screen.findByRole("list", { name: "Comments" });
    const items = within(list).getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Ana Lima");
    expect(items[0]).toHaveTextContent("Is this refreshed daily?");
    expect(items[1]).toHaveTextContent("A former user");
    // The text is shown exactly as written, and nothing in it became an element.
    expect(within(items[1]!).getByText((_, element) => element?.textContent === hostile && element.tagName === "P")).toBeInTheDocument();
    for (const body of container.querySelectorAll(".comment-body")) expect(body.children).toHaveLength(0);
    expect(container.querySelector(".comment-list script, .comment-list img")).toBeNull();
    expect((window as { hacked?: boolean }).hacked).toBeUndefined();
    expect(screen.getByText("2 comments")).toBeInTheDocument();
  });

  it("posts a comment and shows the page where it landed", async () => {
    const user = userEvent.setup();
    const stored: DatasetComment[] = Array.from({ length: 50 }, (_, i) => comment(i + 1, `comment ${i + 1}`));
    const { calls } = serve(contributor, {
      "GET /api/v1/datasets/1/comments": (_request, url) => {
        const number = Number(url.searchParams.get("page") ?? "1");
        const pages = Math.max(1, Math.ceil(stored.length / 50));
        return json(page(stored.slice((number - 1) * 50, number * 50), { page: number, pages, total: stored.length }));
      },
      "POST /api/v1/datasets/1/comments": async (request) => {
        const { body } = (await request.json()) as { body: string };
        const made = comment(stored.length + 1, body, { author: { username: "ana", display_name: "Ana Lima" } });
        stored.push(made);
        return json(made, 201);
      },
    });
    const { router } = renderWithProviders(<DiscussionSection dataset={datasetDetail()} />, { path: "/datasets/1?tab=discussion" });
    await screen.findByText("comment 50");
    const box = screen.getByLabelText("Add to the discussion");
    expect(screen.getByRole("button", { name: "Post comment" })).toBeDisabled();
    await user.type(box, "Who owns the <b>refresh</b>?");
    await user.click(screen.getByRole("button", { name: "Post comment" }));

    expect(await screen.findByText("Who owns the <b>refresh</b>?", {}, { timeout: 4000 })).toBeInTheDocument();
    expect(router.state.location.search).toBe("?tab=discussion&page=2");
    expect(JSON.parse(calls.find((c) => c.method === "POST")!.body)).toEqual({ body: "Who owns the <b>refresh</b>?" });
    expect(box).toHaveValue("");
  });

  it("shows the API's refusal of a comment next to the box", async () => {
    const user = userEvent.setup();
    serve(contributor, {
      "POST /api/v1/datasets/1/comments": () => json(problem(422, "Invalid input.", { json: { body: ["Must not be blank."] } }), 422),
    });
    renderWithProviders(<DiscussionSection dataset={datasetDetail()} />, { path: "/datasets/1?tab=discussion" });
    await screen.findByText("No comment yet");
    const box = await screen.findByLabelText("Add to the discussion");
    await user.type(box, "x");
    await user.click(screen.getByRole("button", { name: "Post comment" }));
    await waitFor(() => expect(box).toHaveAttribute("aria-invalid", "true"));
    expect(box).toHaveAccessibleDescription(/Must not be blank\./);
    expect(box).toHaveValue("x");
  });

  it("shows a 403 as a message, not a blank section", async () => {
    const user = userEvent.setup();
    serve(contributor, {
      "POST /api/v1/datasets/1/comments": () => json(problem(403, "You may not take part in discussions in this dataset's domain."), 403),
    });
    renderWithProviders(<DiscussionSection dataset={datasetDetail()} />, { path: "/datasets/1?tab=discussion" });
    await user.type(await screen.findByLabelText("Add to the discussion"), "Hello");
    await user.click(screen.getByRole("button", { name: "Post comment" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("You may not take part in discussions in this dataset's domain.");
  });

  it("has no comment box for people who may not contribute", async () => {
    serve(me, { "GET /api/v1/datasets/1": () => json(datasetDetail()) });
    renderApp("/datasets/1?tab=discussion");
    expect(await screen.findByText("No comment yet")).toBeInTheDocument();
    expect(screen.queryByLabelText("Add to the discussion")).not.toBeInTheDocument();
    expect(screen.getByText(/Only people who may contribute/)).toBeInTheDocument();
  });
});
