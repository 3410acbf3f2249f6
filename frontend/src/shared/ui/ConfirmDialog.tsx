import { useEffect, useId, useRef } from "react";
import type { ReactNode } from "react";
import { errorMessage } from "./ErrorState";

/**
 * A modal question before something that cannot be undone. The native <dialog> keeps focus
 * inside, closes on Escape and gives focus back to the button that opened it.
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
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={children ? `${id}-body` : undefined}
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onCancel();
      }}
    >
      {open && (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            onConfirm();
          }}
        >
          <h2 id={`${id}-title`} className="dialog-title">
            {title}
          </h2>
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
      )}
    </dialog>
  );
}
