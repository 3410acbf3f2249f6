import { useState } from "react";
import type { User } from "../../api/types";
import { ConfirmDialog } from "../../shared/ui/ConfirmDialog";
import { useSession } from "../auth/session";
import { useSetActive } from "./api";

/** Deactivate (sessions end, tokens revoked) or reactivate an account, after asking. */
export function AccountStatusSection({ user }: { user: User }) {
  const { me } = useSession();
  const setActive = useSetActive(user.username);
  const [asking, setAsking] = useState(false);
  const self = me?.username === user.username;
  const name = user.display_name || user.username;

  function close() {
    setAsking(false);
    setActive.reset();
  }

  return (
    <section className="section stack" aria-labelledby="status-title">
      <h2 id="status-title">Account status</h2>
      {user.active ? (
        <p>
          Active: {name} can sign in{user.is_service_account ? " (as a service account, with its client credentials)" : ""}.
        </p>
      ) : (
        <p>Deactivated: {name} cannot sign in, and every token of this account was revoked.</p>
      )}
      <div className="form-actions">
        {user.active ? (
          <button type="button" className="btn btn-danger" onClick={() => setAsking(true)} disabled={self}>
            Deactivate account
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={() => setAsking(true)}>
            Reactivate account
          </button>
        )}
      </div>
      {self && user.active && <p className="field-hint">This is your own account: you cannot deactivate it.</p>}
      <ConfirmDialog
        open={asking}
        title={user.active ? `Deactivate ${name}?` : `Reactivate ${name}?`}
        confirmLabel={user.active ? "Deactivate" : "Reactivate"}
        pendingLabel={user.active ? "Deactivating…" : "Reactivating…"}
        danger={user.active}
        pending={setActive.isPending}
        error={setActive.error}
        onCancel={close}
        onConfirm={() => setActive.mutate(!user.active, { onSuccess: close })}
      >
        {user.active ? (
          <p>They are signed out everywhere at once and their personal access tokens are revoked for good. You can reactivate the account later; the tokens stay revoked.</p>
        ) : (
          <p>They can sign in again with their password or single sign-on. Tokens revoked at deactivation stay revoked.</p>
        )}
      </ConfirmDialog>
    </section>
  );
}
