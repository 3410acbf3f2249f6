import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Webhook, WebhookSecret } from "../../api/types";
import { problem } from "../../test/fixtures";
import { json, mockApi, noContent } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { sourcesAdminMe } from "../admin-sources/testData";
import { webhook } from "./testData";

function serve(initial: Webhook[], handlers: Record<string, Handler> = {}) {
  let hooks = [...initial];
  const api = mockApi({
    "GET /api/v1/auth/me": () => json(sourcesAdminMe),
    "GET /api/v1/admin/webhooks": () => json(hooks),
    "POST /api/v1/admin/webhooks": async (request) => {
      const body = (await request.json()) as Omit<Webhook, "id" | "created_at" | "updated_at">;
      const created: WebhookSecret = { ...webhook({ id: 2, ...body }), secret: "whsec_first-secret" };
      hooks = [...hooks, webhook({ id: 2, ...body })];
      return json(created, 201);
    },
    "PATCH /api/v1/admin/webhooks/1": async (request) => {
      const changes = (await request.json()) as Partial<Webhook>;
      hooks = hooks.map((hook) => (hook.id === 1 ? { ...hook, ...changes } : hook));
      return json(hooks.find((hook) => hook.id === 1));
    },
    "POST /api/v1/admin/webhooks/1/rotate-secret": () => json({ ...hooks[0]!, secret: "whsec_second-secret" }),
    "DELETE /api/v1/admin/webhooks/1": () => {
      hooks = hooks.filter((hook) => hook.id !== 1);
      return noContent();
    },
    ...handlers,
  });
  return api;
}

async function table() {
  return screen.findByRole("table", { name: "Webhooks" }, { timeout: 5000 });
}

// Typing whole forms on a busy machine takes longer than the default five seconds.
describe("Webhooks", { timeout: 20_000 }, () => {
  it("creates a webhook and shows its signing secret once", async () => {
    const { calls } = serve([]);
    const user = userEvent.setup();
    renderApp("/admin/webhooks");
    await screen.findByRole("heading", { name: "No webhooks yet" }, { timeout: 5000 });

    await user.click(screen.getByRole("button", { name: "New webhook" }));
    const form = screen.getByRole("form", { name: "New webhook" });
    await user.type(within(form).getByLabelText("Name"), "Slack relay");
    await user.type(within(form).getByLabelText("URL"), "https://hooks.example.com/catalog");
    await user.click(within(form).getByRole("checkbox", { name: /A crawl succeeded/ }));
    await user.type(within(form).getByLabelText("Other topics or filters"), "quality_issue.reported");
    await user.click(within(form).getByRole("button", { name: "Create webhook" }));

    expect(await screen.findByLabelText("Signing secret")).toHaveValue("whsec_first-secret");
    expect(screen.getByText(/shown this once only/)).toBeInTheDocument();
    const post = calls.find((call) => call.method === "POST" && call.url.pathname === "/api/v1/admin/webhooks")!;
    expect(JSON.parse(post.body)).toEqual({
      name: "Slack relay",
      url: "https://hooks.example.com/catalog",
      events: ["change_request.*", "connector_run.finished", "quality_issue.reported"],
      active: true,
    });

    await user.click(screen.getByRole("button", { name: "I have copied it, close" }));
    expect(document.body).not.toHaveTextContent("whsec_first-secret");
    expect(await table()).toHaveTextContent("Slack relay");
  });

  it("refuses a filter that is not a topic before asking, and shows the server's refusal of a URL", async () => {
    const { calls } = serve([], {
      "POST /api/v1/admin/webhooks": () =>
        json(problem(422, "Webhooks may only call public addresses.", { url: ["127.0.0.1 is a loopback address."] }), 422),
    });
    const user = userEvent.setup();
    renderApp("/admin/webhooks");
    await user.click(await screen.findByRole("button", { name: "New webhook" }, { timeout: 5000 }));
    const form = screen.getByRole("form", { name: "New webhook" });
    await user.type(within(form).getByLabelText("Name"), "Local");
    await user.type(within(form).getByLabelText("URL"), "http://127.0.0.1/hook");
    await user.type(within(form).getByLabelText("Other topics or filters"), "Change Request!");
    await user.click(within(form).getByRole("button", { name: "Create webhook" }));

    expect(within(form).getByText(/Not a topic, “prefix.\*” or “\*”: Change Request!/)).toBeInTheDocument();
    expect(calls.some((call) => call.method === "POST" && call.url.pathname === "/api/v1/admin/webhooks")).toBe(false);

    await user.clear(within(form).getByLabelText("Other topics or filters"));
    await user.click(within(form).getByRole("button", { name: "Create webhook" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("Webhooks may only call public addresses.");
    expect(within(form).getByLabelText("URL")).toHaveAccessibleDescription(/127.0.0.1 is a loopback address./);
  });

  it("disables and edits a webhook", async () => {
    const { calls } = serve([webhook()]);
    const user = userEvent.setup();
    renderApp("/admin/webhooks");
    const rows = within(await table()).getAllByRole("row");
    expect(rows[1]).toHaveTextContent("Active");

    await user.click(within(rows[1]!).getByRole("button", { name: "Disable Ops relay" }));
    await waitFor(() => expect(within(screen.getByRole("table", { name: "Webhooks" })).getAllByRole("row")[1]).toHaveTextContent("Disabled"));
    const patches = () => calls.filter((call) => call.method === "PATCH").map((call) => JSON.parse(call.body) as unknown);
    expect(patches()).toEqual([{ active: false }]);

    await user.click(screen.getByRole("button", { name: "Edit Ops relay" }));
    const form = screen.getByRole("form", { name: "Edit Ops relay" });
    expect(within(form).getByRole("checkbox", { name: /Change requests/ })).toBeChecked();
    expect(within(form).getByLabelText("Other topics or filters")).toHaveValue("quality_issue.reported");
    await user.click(within(form).getByRole("checkbox", { name: /Change requests/ }));
    await user.click(within(form).getByRole("checkbox", { name: /Active/ }));
    await user.click(within(form).getByRole("button", { name: "Save changes" }));

    await waitFor(() => expect(screen.queryByRole("form", { name: "Edit Ops relay" })).not.toBeInTheDocument());
    expect(patches()[1]).toEqual({ name: "Ops relay", url: "https://ops.example.com/hook", events: ["quality_issue.reported"], active: true });
  });

  it("rotates the secret after asking, then shows the new one once", async () => {
    serve([webhook()]);
    const user = userEvent.setup();
    renderApp("/admin/webhooks");
    await table();
    await user.click(screen.getByRole("button", { name: "New secret for Ops relay" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Make a new secret" }));
    expect(await screen.findByLabelText("Signing secret")).toHaveValue("whsec_second-secret");
    await user.click(screen.getByRole("button", { name: "I have copied it, close" }));
    expect(screen.queryByLabelText("Signing secret")).not.toBeInTheDocument();
  });

  it("deletes after confirming", async () => {
    const { calls } = serve([webhook()]);
    const user = userEvent.setup();
    renderApp("/admin/webhooks");
    await table();
    await user.click(screen.getByRole("button", { name: "Delete Ops relay" }));
    const dialog = screen.getByRole("dialog", { name: "Delete “Ops relay”?" });
    expect(calls.some((call) => call.method === "DELETE")).toBe(false);
    await user.click(within(dialog).getByRole("button", { name: "Delete webhook" }));
    expect(await screen.findByRole("heading", { name: "No webhooks yet" })).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "DELETE")).toHaveLength(1);
  });
});
