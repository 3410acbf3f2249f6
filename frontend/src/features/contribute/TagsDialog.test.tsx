import { waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { datasetDetail, problem } from "../../test/fixtures";
import { json } from "../../test/mockApi";
import { changeRequest, openDialog, postedBodies, proposal, renderContribution, serveContributions } from "./testing";
import { tagKeyFrom, TagsDialog } from "./TagsDialog";

const provenance = { origin: "change_request", recorded_at: "2025-03-02T09:00:00Z" };

describe("TagsDialog", () => {
  it("adds a tag picked from the vocabulary with the keyboard and says it awaits review", async () => {
    const user = userEvent.setup();
    const { calls } = serveContributions(() => json(changeRequest({ id: 42 }), 201));
    renderContribution(<TagsDialog dataset={datasetDetail()} open onClose={vi.fn()} />);
    const dialog = await openDialog("Tags of customers");
    const input = dialog.getByRole("combobox", { name: "Add a tag" });
    await user.type(input, "go");
    expect(input).toHaveAttribute("aria-expanded", "true");
    expect(await dialog.findByRole("option", { name: /Gold/ })).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{Enter}");
    expect(dialog.getByText("To add")).toBeInTheDocument();
    await user.click(dialog.getByLabelText("Why? (for the reviewer, optional)"));
    await user.paste("Certified by the data office");
    await user.click(dialog.getByRole("button", { name: "Propose" }));

    expect(await dialog.findByText("Pending review")).toBeInTheDocument();
    expect(dialog.getByRole("link", { name: "Change request #42" })).toHaveAttribute("href", "/requests/42");
    expect(postedBodies(calls)).toEqual([
      { title: "", rationale: "Certified by the data office", items: [{ kind: "tag.add", dataset_id: 1, column: null, payload: { tag: "gold" } }] },
    ]);
  });

  it("removes a tag and adds another in one request; an applied outcome says so", async () => {
    const user = userEvent.setup();
    const dataset = datasetDetail({ tags: [{ key: "gold", label: "Gold", vocabulary: "quality", provenance }] });
    const { calls } = serveContributions(() => json(changeRequest({ id: 43, status: "applied", route: "apply_at_once" }), 201), { dataset });
    renderContribution(<TagsDialog dataset={dataset} open onClose={vi.fn()} />);
    const dialog = await openDialog("Tags of customers");
    await user.click(dialog.getByRole("button", { name: "Remove Gold" }));
    expect(dialog.getByRole("button", { name: "Keep Gold" })).toHaveAttribute("aria-pressed", "true");
    await user.type(dialog.getByRole("combobox", { name: "Add a tag" }), "person");
    await user.click(await dialog.findByRole("option", { name: /Personal data/ }));
    await user.click(dialog.getByRole("button", { name: "Propose 2 changes" }));

    expect(await dialog.findByText("Applied")).toBeInTheDocument();
    expect(postedBodies(calls)[0]).toMatchObject({
      items: [
        { kind: "tag.add", payload: { tag: "pii" } },
        { kind: "tag.remove", payload: { tag: "gold" } },
      ],
    });
  });

  it("proposes a new tag for a vocabulary and shows the API's field error beside it", async () => {
    const user = userEvent.setup();
    const { calls } = serveContributions(() =>
      json(
        problem(422, "/items/0/payload: There is no vocabulary 'quality'.", { "/items/0/payload/new_tag": { vocabulary: ["Unknown vocabulary."] } }),
        422,
      ),
    );
    renderContribution(<TagsDialog dataset={datasetDetail()} open onClose={vi.fn()} />);
    const dialog = await openDialog("Tags of customers");
    await user.type(dialog.getByRole("combobox", { name: "Add a tag" }), "Churn risk");
    await user.click(await dialog.findByRole("option", { name: /Propose a new tag “Churn risk”/ }));
    expect(dialog.getByLabelText("Key")).toHaveValue("churn-risk");
    // Only the central vocabularies and the dataset's domain's (sales) are offered.
    const vocabulary = dialog.getByLabelText("Vocabulary");
    await waitFor(() => expect(dialog.getByRole("option", { name: "Sales terms (Sales)" })).toBeInTheDocument());
    expect(dialog.queryByRole("option", { name: /HR terms/ })).not.toBeInTheDocument();
    await user.selectOptions(vocabulary, "quality");
    await user.click(dialog.getByRole("button", { name: "Propose" }));

    await waitFor(() => expect(vocabulary).toHaveAccessibleDescription("Unknown vocabulary."));
    expect(vocabulary).toHaveAttribute("aria-invalid", "true");
    expect(dialog.getByRole("alert")).toHaveTextContent("There is no vocabulary 'quality'.");
    expect(postedBodies(calls)[0]).toMatchObject({
      items: [{ kind: "tag.add", payload: { tag: "churn-risk", new_tag: { vocabulary: "quality", label: "Churn risk", description: "" } } }],
    });
  });

  it("asks for a change before sending, and marks tags already proposed as pending", async () => {
    const user = userEvent.setup();
    const dataset = datasetDetail({
      tags: [{ key: "gold", label: "Gold", vocabulary: "quality", provenance }],
      proposals: [
        proposal({ request_id: 5, kind: "tag.remove", payload: { tag: "gold" } }),
        proposal({ request_id: 6, item_id: 61, kind: "tag.add", payload: { tag: "pii" } }),
      ],
    });
    const { calls } = serveContributions(() => json({}), { dataset });
    renderContribution(<TagsDialog dataset={dataset} open onClose={vi.fn()} />);
    const dialog = await openDialog("Tags of customers");
    expect(dialog.getByRole("link", { name: /Removal pending review/ })).toHaveAttribute("href", "/requests/5");
    expect(dialog.queryByRole("button", { name: "Remove Gold" })).not.toBeInTheDocument();
    expect(dialog.getByRole("link", { name: /^Pending review/ })).toHaveAttribute("href", "/requests/6");
    // A tag already proposed is not offered again.
    await user.type(dialog.getByRole("combobox", { name: "Add a tag" }), "personal");
    expect(dialog.queryByRole("option", { name: /Personal data/ })).not.toBeInTheDocument();

    await user.click(dialog.getByRole("button", { name: "Propose" }));
    expect(dialog.getByRole("combobox", { name: "Add a tag" })).toHaveAccessibleDescription(/Add or remove at least one tag\./);
    expect(postedBodies(calls)).toHaveLength(0);
  });

  it("makes tag keys the API accepts", () => {
    expect(tagKeyFrom("  Données clients (B2B)! ")).toBe("donnees-clients-b2b");
    expect(tagKeyFrom("__x__")).toBe("x");
  });
});
