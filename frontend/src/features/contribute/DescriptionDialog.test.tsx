import { waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { datasetDetail, problem } from "../../test/fixtures";
import { json } from "../../test/mockApi";
import { DescriptionDialog, MAX_DESCRIPTION } from "./DescriptionDialog";
import { changeItem, changeRequest, openDialog, postedBodies, proposal, renderContribution, serveContributions } from "./testing";

describe("DescriptionDialog", () => {
  it("starts from the current description, previews it sanitized, and proposes the new text", async () => {
    const user = userEvent.setup();
    const dataset = datasetDetail({ business_description: "Customers of all brands." });
    const { calls } = serveContributions(() => json(changeRequest({ id: 44, items: [changeItem({ kind: "description.edit" })] }), 201), { dataset });
    const { container } = renderContribution(<DescriptionDialog dataset={dataset} open onClose={vi.fn()} />);
    const dialog = await openDialog("Description of customers");
    const editor = dialog.getByLabelText("Business description (Markdown)");
    expect(editor).toHaveValue("Customers of all brands.");
    expect(dialog.getByText("24 / 20,000 characters", { exact: false })).toBeInTheDocument();

    await user.clear(editor);
    await user.click(editor);
    await user.paste("One row per **customer**. <script>alert(1)</script>");
    await user.click(dialog.getByRole("tab", { name: "Preview" }));
    expect(dialog.getByRole("tab", { name: "Preview" })).toHaveAttribute("aria-selected", "true");
    expect(await dialog.findByText("customer", { selector: "strong" })).toBeInTheDocument();
    expect(container.ownerDocument.querySelector(".markdown-preview script")).toBeNull();
    // Arrow keys move between the tabs.
    await user.keyboard("{ArrowLeft}");
    expect(dialog.getByRole("tab", { name: "Write" })).toHaveFocus();

    await user.click(dialog.getByRole("button", { name: "Propose this description" }));
    expect(await dialog.findByText("Pending review")).toBeInTheDocument();
    expect(postedBodies(calls)).toEqual([
      {
        title: "",
        rationale: "",
        items: [{ kind: "description.edit", dataset_id: 1, column: null, payload: { description: "One row per **customer**. <script>alert(1)</script>" } }],
      },
    ]);
  });

  it("shows the API's refusal beside the editor", async () => {
    const user = userEvent.setup();
    serveContributions(() =>
      json(problem(422, "/items/0/payload: description: Longer than maximum length 20000.", { "/items/0/payload/description": ["Longer than maximum length 20000."] }), 422),
    );
    renderContribution(<DescriptionDialog dataset={datasetDetail()} open onClose={vi.fn()} />);
    const dialog = await openDialog("Description of customers");
    const editor = dialog.getByLabelText("Business description (Markdown)");
    await user.click(editor);
    await user.paste("Something new");
    await user.click(dialog.getByRole("button", { name: "Propose this description" }));
    await waitFor(() => expect(editor).toHaveAccessibleDescription(/^Longer than maximum length 20000\./));
    expect(editor).toHaveAttribute("aria-invalid", "true");
    expect(dialog.getByRole("alert")).toHaveTextContent("description: Longer than maximum length 20000.");
  });

  it("refuses an unchanged or too long text before sending, and warns of a pending proposal", async () => {
    const user = userEvent.setup();
    const dataset = datasetDetail({ business_description: "Same", proposals: [proposal({ request_id: 12, kind: "description.edit", payload: { description: "x" } })] });
    const { calls } = serveContributions(() => json({}), { dataset });
    renderContribution(<DescriptionDialog dataset={dataset} open onClose={vi.fn()} />);
    const dialog = await openDialog("Description of customers");
    expect(dialog.getByText(/Another description is already waiting for review/)).toBeInTheDocument();
    expect(dialog.getByRole("link", { name: /Pending review/ })).toHaveAttribute("href", "/requests/12");
    await user.click(dialog.getByRole("button", { name: "Propose this description" }));
    expect(dialog.getByLabelText("Business description (Markdown)")).toHaveAccessibleDescription(/^Change the description first\./);

    const editor = dialog.getByLabelText("Business description (Markdown)");
    await user.clear(editor);
    await user.click(editor);
    await user.paste("x".repeat(MAX_DESCRIPTION + 1));
    expect(dialog.getByText(/20,001 \/ 20,000 characters/)).toHaveClass("char-count-over");
    await user.click(dialog.getByRole("button", { name: "Propose this description" }));
    expect(editor).toHaveAccessibleDescription(/^At most 20,000 characters\./);
    expect(postedBodies(calls)).toHaveLength(0);
  });
});
