import userEvent from "@testing-library/user-event";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { vi } from "vitest";
import { datasetDetail, problem } from "../../test/fixtures";
import { json } from "../../test/mockApi";
import { changeItem, changeRequest, openDialog, postedBodies, renderContribution, serveContributions } from "./testing";
import { TrustDialog } from "./TrustDialog";

const provenance = { origin: "change_request", recorded_at: "2025-03-02T09:00:00Z" };

describe("TrustDialog", () => {
  it("needs a reason to deprecate, then proposes it", async () => {
    const user = userEvent.setup();
    const { calls } = serveContributions(() => json(changeRequest({ id: 46, items: [changeItem({ kind: "trust.set" })] }), 201));
    renderContribution(<TrustDialog dataset={datasetDetail()} open onClose={vi.fn()} />);
    const dialog = await openDialog("Endorse, warn or deprecate customers");
    expect(dialog.queryByRole("radio", { name: /No flag/ })).not.toBeInTheDocument();
    await user.click(dialog.getByRole("radio", { name: /Deprecated/ }));
    await user.click(dialog.getByRole("button", { name: "Propose" }));
    expect(dialog.getByLabelText("Reason")).toHaveAccessibleDescription("Say why: a warning or a deprecation needs a reason.");
    expect(postedBodies(calls)).toHaveLength(0);

    await user.click(dialog.getByLabelText("Reason"));
    await user.paste("Replaced by customers_v2");
    await user.click(dialog.getByRole("button", { name: "Propose" }));
    expect(await dialog.findByText("Pending review")).toBeInTheDocument();
    expect(postedBodies(calls)).toEqual([
      { title: "", rationale: "", items: [{ kind: "trust.set", dataset_id: 1, column: null, payload: { level: "deprecated", reason: "Replaced by customers_v2" } }] },
    ]);
  });

  it("clears a flag, applied at once where the policy says so", async () => {
    const user = userEvent.setup();
    const dataset = datasetDetail({ trust: { level: "warning", reason: "Late loads", provenance } });
    const { calls } = serveContributions(() => json(changeRequest({ id: 47, status: "applied", route: "apply_at_once" }), 201), { dataset });
    renderContribution(<TrustDialog dataset={dataset} open onClose={vi.fn()} />);
    const dialog = await openDialog("Endorse, warn or deprecate customers");
    expect(dialog.getByText("Warning", { selector: "strong" })).toBeInTheDocument();
    expect(dialog.getByLabelText("Reason")).toHaveValue("Late loads");
    await user.click(dialog.getByRole("radio", { name: /No flag/ }));
    await user.click(dialog.getByRole("button", { name: "Propose" }));
    expect(await dialog.findByText("Applied")).toBeInTheDocument();
    expect(postedBodies(calls)[0]).toMatchObject({ items: [{ kind: "trust.set", payload: { level: "none", reason: "" } }] });
  });

  it("stays open on Escape while the proposal is on its way, and closes on Escape after", async () => {
    const user = userEvent.setup();
    let answer: (response: Response) => void = () => undefined;
    serveContributions(() => new Promise<Response>((resolve) => (answer = resolve)));
    const onClose = vi.fn();
    renderContribution(<TrustDialog dataset={datasetDetail()} open onClose={onClose} />);
    const dialog = await openDialog("Endorse, warn or deprecate customers");
    await user.click(dialog.getByRole("button", { name: "Propose" }));
    expect(await dialog.findByRole("button", { name: "Sending…" })).toBeDisabled();

    fireEvent(screen.getByRole("dialog"), new Event("cancel", { cancelable: true }));
    expect(onClose).not.toHaveBeenCalled();

    answer(json(changeRequest({ id: 48, items: [changeItem({ kind: "trust.set" })] }), 201));
    expect(await dialog.findByText("Pending review")).toBeInTheDocument();
    fireEvent(screen.getByRole("dialog"), new Event("cancel", { cancelable: true }));
    expect(onClose).toHaveBeenCalledOnce();
  });

  it("shows the API's reason error beside the reason", async () => {
    const user = userEvent.setup();
    serveContributions(() =>
      json(problem(422, "/items/0/payload: Say why.", { "/items/0/payload/reason": ["Required for a warning or a deprecation."] }), 422),
    );
    renderContribution(<TrustDialog dataset={datasetDetail()} open onClose={vi.fn()} />);
    const dialog = await openDialog("Endorse, warn or deprecate customers");
    await user.click(dialog.getByRole("radio", { name: /Warning/ }));
    await user.type(dialog.getByLabelText("Reason"), "   x");
    await user.click(dialog.getByRole("button", { name: "Propose" }));
    await waitFor(() => expect(dialog.getByLabelText("Reason")).toHaveAccessibleDescription("Required for a warning or a deprecation."));
    expect(dialog.getByRole("alert")).toHaveTextContent("Say why.");
  });
});
