import { useEffect, useId, useRef, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import type { Me } from "../../api/types";
import { errorMessage } from "../../shared/ui/ErrorState";
import { useSession } from "../auth/session";

function initials(me: Me): string {
  const name = me.display_name || me.username;
  const parts = name.split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]![0]}${parts[parts.length - 1]![0]}` : name.slice(0, 2);
  return letters.toUpperCase();
}

function roleSummary(me: Me): string {
  if (me.grants.length === 0) return "No roles";
  // `domain` is documented without a type (a computed field): accept only a key.
  return me.grants
    .map((grant) => (typeof grant.domain === "string" && grant.domain ? `${grant.role} (${grant.domain})` : grant.role))
    .join(", ");
}

/** The signed-in user's name; opens a panel with who they are and "Sign out". */
export function UserMenu() {
  const { me, signOut } = useSession();
  const navigate = useNavigate();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    }
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  if (!me) return null;

  async function handleSignOut() {
    setSigningOut(true);
    setFailure(null);
    try {
      await signOut();
      navigate("/");
    } catch (error) {
      setFailure(error);
      setSigningOut(false);
    }
  }

  return (
    <div
      className="user-menu"
      ref={rootRef}
      onBlur={(event) => {
        if (open && !rootRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="avatar" aria-hidden="true">
          {initials(me)}
        </span>
        <span className="user-menu-name">{me.display_name || me.username}</span>
        <svg viewBox="0 0 20 20" width="14" height="14" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M5.2 7.5a.75.75 0 0 1 1.06 0L10 11.19l3.74-3.7a.75.75 0 1 1 1.06 1.07l-4.27 4.22a.75.75 0 0 1-1.06 0L5.2 8.56a.75.75 0 0 1 0-1.06Z" />
        </svg>
      </button>
      <div id={`${id}-panel`} className="user-menu-panel" hidden={!open}>
        <div className="user-menu-identity">
          <strong>{me.display_name || me.username}</strong>
          <span className="muted">{me.username}</span>
          {me.email && <span className="muted">{me.email}</span>}
          <span className="user-menu-roles">{roleSummary(me)}</span>
        </div>
        {failure !== null && (
          <p className="field-error" role="alert">
            {errorMessage(failure)}
          </p>
        )}
        <Link to="/account" className="btn btn-block user-menu-link" onClick={() => setOpen(false)}>
          My account
        </Link>
        <button type="button" className="btn btn-block" onClick={handleSignOut} disabled={signingOut}>
          {signingOut ? "Signing out…" : "Sign out"}
        </button>
      </div>
    </div>
  );
}
