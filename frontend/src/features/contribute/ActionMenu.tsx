import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import type { CSSProperties, KeyboardEvent } from "react";

export interface MenuAction {
  key: string;
  label: string;
  onSelect: () => void;
}

/**
 * A menu button (WAI-ARIA menu pattern): Enter, Space or Down opens it on its first item,
 * arrows/Home/End move, Escape closes and returns to the button, Tab leaves. It is placed
 * with fixed positioning so that a table's frame does not clip it, and closes on scroll.
 */
export function ActionMenu({
  label,
  accessibleLabel,
  actions,
  className = "btn btn-small",
}: {
  label: string;
  accessibleLabel?: string;
  actions: readonly MenuAction[];
  className?: string;
}) {
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const [open, setOpen] = useState(false);
  const [position, setPosition] = useState<CSSProperties>({ position: "fixed" });

  // Measured before the menu renders, so that the menu cannot shift what it measures.
  function show() {
    const button = buttonRef.current;
    if (!button) return;
    const rect = button.getBoundingClientRect();
    const below = window.innerHeight - rect.bottom > 240 || rect.top < 240;
    setPosition({
      position: "fixed",
      right: Math.max(8, document.documentElement.clientWidth - rect.right),
      ...(below ? { top: rect.bottom + 4 } : { bottom: window.innerHeight - rect.top + 4 }),
    });
    setOpen(true);
  }

  useLayoutEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    // Close when the button really moves away; a scroll event that leaves it in place (a table
    // re-measuring its rows after a refresh) must not close a menu just opened.
    const openedAt = buttonRef.current?.getBoundingClientRect().top ?? 0;
    const close = () => {
      const top = buttonRef.current?.getBoundingClientRect().top ?? openedAt;
      if (Math.abs(top - openedAt) > 2) setOpen(false);
    };
    window.addEventListener("scroll", close, { passive: true });
    window.addEventListener("resize", close);
    return () => {
      window.removeEventListener("scroll", close);
      window.removeEventListener("resize", close);
    };
  }, [open]);

  function items(): HTMLElement[] {
    return Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  }

  function move(event: KeyboardEvent<HTMLUListElement>) {
    const all = items();
    const index = all.indexOf(document.activeElement as HTMLElement);
    let next: number | null = null;
    if (event.key === "ArrowDown") next = (index + 1) % all.length;
    else if (event.key === "ArrowUp") next = (index - 1 + all.length) % all.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = all.length - 1;
    else if (event.key === "Escape") {
      // Close the menu only: a dialog around it stays open.
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
      return;
    } else if (event.key === "Tab") {
      setOpen(false);
      return;
    }
    if (next !== null) {
      event.preventDefault();
      all[next]?.focus();
    }
  }

  function select(action: MenuAction) {
    setOpen(false);
    // Focus back on the button first: a dialog opened now gives focus back to it when closed.
    buttonRef.current?.focus();
    action.onSelect();
  }

  return (
    <div
      className="action-menu"
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={className}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-label={accessibleLabel}
        onClick={() => (open ? setOpen(false) : show())}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            show();
          }
        }}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul id={`${id}-menu`} ref={menuRef} role="menu" aria-label={accessibleLabel ?? label} className="action-menu-list" style={position} onKeyDown={move}>
          {actions.map((action) => (
            <li key={action.key} role="none">
              <button type="button" role="menuitem" tabIndex={-1} className="action-menu-item" onClick={() => select(action)}>
                {action.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
