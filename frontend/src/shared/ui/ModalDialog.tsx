import { createContext, useContext, useEffect, useId, useRef, useState } from "react";
import type { ReactNode } from "react";

/** Lets a form inside a dialog keep it open while its request is on its way. */
const HoldOpenContext = createContext<(held: boolean) => void>(() => undefined);

/**
 * Called by a form inside a ModalDialog: while `busy`, Escape does not close the dialog (the
 * request's outcome would be lost with the form that shows it).
 */
export function useHoldDialogOpen(busy: boolean): void {
  const hold = useContext(HoldOpenContext);
  useEffect(() => {
    hold(busy);
    return () => hold(false);
  }, [busy, hold]);
}

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
  className,
  describedBy,
  children,
}: {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  /** While a request is on its way, Escape does not close (see also useHoldDialogOpen). */
  busy?: boolean;
  wide?: boolean;
  className?: string;
  /** The id of the element that says what the dialog is about, if any. */
  describedBy?: string;
  children: ReactNode;
}) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [held, setHeld] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={["dialog", wide ? "dialog-wide" : "", className ?? ""].filter(Boolean).join(" ")}
      aria-labelledby={`${id}-title`}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy && !held) onClose();
      }}
    >
      {open && (
        <HoldOpenContext.Provider value={setHeld}>
          <h2 id={`${id}-title`} className="dialog-title">
            {title}
          </h2>
          {children}
        </HoldOpenContext.Provider>
      )}
    </dialog>
  );
}
