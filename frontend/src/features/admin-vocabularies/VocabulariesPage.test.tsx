import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Me, Tag, Vocabulary } from "../../api/types";
import { adminMe, domains, problem } from "../../test/fixtures";
import { json, mockApi, noContent } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

const LOAD = { timeout: 5000 };
const catalogAdmin: Me = { ...adminMe, permissions: ["catalog:admin", "catalog:read"] };

const gold: Tag = { key: "gold", label: "Gold", description: "Checked daily.", vocabulary: "quality", dataset_count: 3 };
const bronze: Tag = { key: "bronze", label: "Bronze", description: "", vocabulary: "quality", dataset_count: 0 };
const quality: Vocabulary = { key: "quality", name: "Quality", description: "How good the data is.", domain: null, tags: [bronze, gold] };
const salesTerms: Vocabulary = { key: "sales-terms", name: "Sales terms", description: "", domain: { key: "sales", name: "Sales" }, tags: [] };

function serve(handlers: Record<string, Handler> = {}) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(catalogAdmin),
    "GET /api/v1/domains": () => json({ items: domains }),
    "GET /api/v1/vocabularies": () => json({ items: [quality, salesTerms] }),
    ...handlers,
  });
}

async function section(name: string) {
  return screen.findByRole("region", { name }, LOAD);
}

describe("administering tag vocabularies", () => {
  it("lists each vocabulary with its owner and tags", async () => {
    serve();
    renderApp("/admin/vocabularies");
    const qualitySection = await section("Quality");
    expect(qualitySection).toHaveTextContent("Central");
    const rows = within(within(qualitySection).getByRole("table", { name: "Tags of Quality" })).getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(within(rows[2]!).getByRole("link", { name: "3" })).toHaveAttribute("href", "/datasets?tag=gold");
    const sales = screen.getByRole("region", { name: "Sales terms" });
    expect(sales).toHaveTextContent("Kept by Sales");
    expect(sales).toHaveTextContent("No tags yet.");
  });

  it("creates a vocabulary owned by a domain", async () => {
    const { calls } = serve({ "POST /api/v1/vocabularies": () => json({ ...salesTerms, key: "hr-terms", name: "HR terms" }, 201) });
    const user = userEvent.setup();
    renderApp("/admin/vocabularies");
    await user.click(await screen.findByRole("button", { name: "New vocabulary" }, LOAD));
    const form = screen.getByRole("form", { name: "New vocabulary" });
    await user.type(within(form).getByLabelText("Name"), "HR terms");
    await waitFor(() => expect(within(form).getAllByRole("option")).toHaveLength(3));
    await user.selectOptions(within(form).getByLabelText("Owner"), "hr");
    await user.click(within(form).getByRole("button", { name: "Create vocabulary" }));
    expect(await screen.findByText("The vocabulary “HR terms” was created.")).toBeInTheDocument();
    const post = calls.find((call) => call.method === "POST")!;
    expect(JSON.parse(post.body)).toEqual({ key: "hr-terms", name: "HR terms", description: "", domain: "hr" });
  });

  it("adds a tag to a vocabulary and shows a taken key (409) on the key field", async () => {
    let attempts = 0;
    const { calls } = serve({
      "POST /api/v1/vocabularies/quality/tags": () => {
        attempts += 1;
        return attempts === 1
          ? json(problem(409, "There is already a tag 'pii' (in the vocabulary 'privacy').", { key: ["Taken."] }), 409)
          : json({ ...gold, key: "pii-checked", label: "PII checked", dataset_count: 0 }, 201);
      },
    });
    const user = userEvent.setup();
    renderApp("/admin/vocabularies");
    const qualitySection = await section("Quality");
    await user.click(within(qualitySection).getByRole("button", { name: "Add a tag to Quality" }));
    const form = within(qualitySection).getByRole("form", { name: "New tag" });
    await user.type(within(form).getByLabelText("Label"), "PII");
    await user.type(within(form).getByLabelText("Definition"), "Holds personal data.");
    await user.click(within(form).getByRole("button", { name: "Add tag" }));
    await waitFor(() =>
      expect(within(form).getByLabelText("Key")).toHaveAccessibleDescription(/There is already a tag 'pii' \(in the vocabulary 'privacy'\)\./),
    );
    expect(JSON.parse(calls.find((call) => call.method === "POST")!.body)).toEqual({
      key: "pii",
      label: "PII",
      description: "Holds personal data.",
    });

    const key = within(form).getByLabelText("Key");
    await user.clear(key);
    await user.type(key, "pii-checked");
    await user.click(within(form).getByRole("button", { name: "Add tag" }));
    expect(await screen.findByText("The tag “PII checked” was added to Quality.")).toBeInTheDocument();
    expect(JSON.parse(calls.filter((call) => call.method === "POST")[1]!.body).key).toBe("pii-checked");
  });

  it("edits a tag's label and definition, never its key", async () => {
    const { calls } = serve({
      "PATCH /api/v1/tags/gold": async (request) => json({ ...gold, ...((await request.json()) as Partial<Tag>) }),
    });
    const user = userEvent.setup();
    renderApp("/admin/vocabularies");
    const qualitySection = await section("Quality");
    await user.click(within(qualitySection).getByRole("button", { name: "Edit tag Gold" }));
    const form = within(qualitySection).getByRole("form", { name: "Edit tag Gold" });
    expect(within(form).getByLabelText("Key")).toHaveAttribute("readonly");
    const label = within(form).getByLabelText("Label");
    await user.clear(label);
    await user.type(label, "Gold standard");
    await user.click(within(form).getByRole("button", { name: "Save tag" }));
    expect(await screen.findByText("The tag “Gold standard” was saved.")).toBeInTheDocument();
    const patch = calls.find((call) => call.method === "PATCH")!;
    expect(JSON.parse(patch.body)).toEqual({ label: "Gold standard", description: "Checked daily." });
  });

  it("shows a 422 on the label field", async () => {
    serve({
      "PATCH /api/v1/tags/gold": () => json(problem(422, "Some values are not valid: see 'errors'.", { label: ["Longer than maximum length 255."] }), 422),
    });
    const user = userEvent.setup();
    renderApp("/admin/vocabularies");
    const qualitySection = await section("Quality");
    await user.click(within(qualitySection).getByRole("button", { name: "Edit tag Gold" }));
    await user.click(within(qualitySection).getByRole("button", { name: "Save tag" }));
    await waitFor(() =>
      expect(within(qualitySection).getByLabelText("Label")).toHaveAccessibleDescription(/^Longer than maximum length 255\./),
    );
  });

  it("renames a vocabulary", async () => {
    const { calls } = serve({ "PATCH /api/v1/vocabularies/quality": () => json({ ...quality, name: "Data quality" }) });
    const user = userEvent.setup();
    renderApp("/admin/vocabularies");
    const qualitySection = await section("Quality");
    await user.click(within(qualitySection).getByRole("button", { name: "Edit vocabulary Quality" }));
    const name = within(qualitySection).getByLabelText("Name");
    await user.clear(name);
    await user.type(name, "Data quality");
    await user.click(within(qualitySection).getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("The vocabulary “Data quality” was saved.")).toBeInTheDocument();
    expect(JSON.parse(calls.find((call) => call.method === "PATCH")!.body)).toEqual({
      name: "Data quality",
      description: "How good the data is.",
    });
  });

  it("shows why a tag in use cannot be removed, and removes an unused one", async () => {
    const { calls } = serve({
      "DELETE /api/v1/tags/gold": () =>
        json(problem(409, "The tag 'gold' is on 3 datasets and 0 columns: remove it from them first."), 409),
      "DELETE /api/v1/tags/bronze": () => noContent(),
    });
    const user = userEvent.setup();
    renderApp("/admin/vocabularies");
    const qualitySection = await section("Quality");
    await user.click(within(qualitySection).getByRole("button", { name: "Remove tag Gold" }));
    const dialog = await screen.findByRole("dialog", { name: "Remove the tag “Gold”?" });
    await user.click(within(dialog).getByRole("button", { name: "Remove tag" }));
    expect(await within(dialog).findByText(/The tag 'gold' is on 3 datasets/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));

    await user.click(within(qualitySection).getByRole("button", { name: "Remove tag Bronze" }));
    const again = await screen.findByRole("dialog", { name: "Remove the tag “Bronze”?" });
    expect(within(again).queryByText(/The tag 'gold'/)).not.toBeInTheDocument();
    await user.click(within(again).getByRole("button", { name: "Remove tag" }));
    expect(await screen.findByText("The tag “Bronze” was removed.")).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "DELETE").map((call) => call.url.pathname)).toEqual([
      "/api/v1/tags/gold",
      "/api/v1/tags/bronze",
    ]);
  });

  it("refuses the page without catalog:admin", async () => {
    mockApi({ "GET /api/v1/auth/me": () => json({ ...adminMe, permissions: ["catalog:read", "audit:read"] }) });
    renderApp("/admin/vocabularies");
    expect(await screen.findByRole("heading", { name: "You cannot open this page" }, LOAD)).toBeInTheDocument();
  });

  it("says so when the vocabularies cannot be loaded", async () => {
    serve({ "GET /api/v1/vocabularies": () => json(problem(503, "Down for maintenance."), 503) });
    renderApp("/admin/vocabularies");
    expect(await screen.findByRole("heading", { name: "The vocabularies could not be loaded" }, LOAD)).toBeInTheDocument();
  });
});
