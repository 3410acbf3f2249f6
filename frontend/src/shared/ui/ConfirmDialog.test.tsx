import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { ApiError } from "../../api/errors";
import { ConfirmDialog } from "./ConfirmDialog";

describe("ConfirmDialog", () => {
  it("asks, with Cancel focused first; shows a failure inside; Escape cancels", async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    const { rerender } = render(
      <ConfirmDialog open title="Revoke it?" confirmLabel="Revoke" danger onConfirm={onConfirm} onCancel={onCancel}>
        <p>It cannot be undone.</p>
      </ConfirmDialog>,
    );
    const dialog = screen.getByRole("dialog", { name: "Revoke it?" });
    expect(dialog).toHaveAccessibleDescription("It cannot be undone.");
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.click(within(dialog).getByRole("button", { name: "Revoke" }));
    expect(onConfirm).toHaveBeenCalledTimes(1);

    rerender(
      <ConfirmDialog
        open
        title="Revoke it?"
        confirmLabel="Revoke"
        error={new ApiError({ status: 409, title: "Conflict", detail: "Someone else changed it." })}
        onConfirm={onConfirm}
        onCancel={onCancel}
      />,
    );
    expect(within(dialog).getByRole("alert")).toHaveTextContent("Someone else changed it.");
    dialog.dispatchEvent(new Event("cancel", { cancelable: true }));
    expect(onCancel).toHaveBeenCalledTimes(1);

    rerender(<ConfirmDialog open={false} title="Revoke it?" confirmLabel="Revoke" onConfirm={onConfirm} onCancel={onCancel} />);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });
});
