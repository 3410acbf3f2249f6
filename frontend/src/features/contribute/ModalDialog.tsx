import { useEffect, useId, useRef } from "react";
import type { ReactNode } from "react";

/**
 * A labelled modal. The native <dialog> opened with showModal() keeps focus inside (the page
 * behind is inert), closes on Escape and gives focus back to the button that opened it.
 * Its content is mounted only while open, so every opening starts from a fresh form.
 */
export function ModalDialog({
  open,
  title,
  onClose,
  busy = false,
  wide = false,
  children,
}: {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  /** While a request is on its way, Escape does not close (its outcome would be lost). */
  busy?: boolean;
  wide?: boolean;
  children: ReactNode;
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
      className={wide ? "dialog dialog-wide contribute-dialog" : "dialog contribute-dialog"}
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      {open && (
        <>
          <h2 id={`${id}-title`} className="dialog-title">
            {title}
          </h2>
          {children}
        </>
      )}
    </dialog>
  );
}
