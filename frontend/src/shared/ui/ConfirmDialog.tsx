import { useId } from "react";
import type { ReactNode } from "react";
import { errorMessage } from "./ErrorState";
import { ModalDialog } from "./ModalDialog";

/**
 * A modal question before something that cannot be undone (a ModalDialog: focus kept inside,
 * Escape closes unless the action is under way, focus back to the opener).
 * A failure (`error`) is shown inside, so the user sees why nothing happened.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pendingLabel = "Working…",
  danger = false,
  pending = false,
  error = null,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  danger?: boolean;
  pending?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  return (
    <ModalDialog open={open} title={title} onClose={onCancel} busy={pending} describedBy={children ? `${id}-body` : undefined}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm();
        }}
      >
        {children && (
          <div id={`${id}-body`} className="dialog-body">
            {children}
          </div>
        )}
        {error !== null && error !== undefined && (
          <p className="alert alert-error" role="alert">
            {errorMessage(error)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onCancel} disabled={pending} autoFocus>
            Cancel
          </button>
          <button type="submit" className={danger ? "btn btn-danger" : "btn btn-primary"} disabled={pending}>
            {pending ? pendingLabel : confirmLabel}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
