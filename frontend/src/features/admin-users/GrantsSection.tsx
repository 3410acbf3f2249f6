import { useState } from "react";
import type { FormEvent } from "react";
import type { Grant, User } from "../../api/types";
import { ConfirmDialog } from "../../shared/ui/ConfirmDialog";
import { errorMessage } from "../../shared/ui/ErrorState";
import { serverFieldErrors } from "../../shared/ui/fieldErrors";
import { useDomains } from "../domains/api";
import { useGrantRole, useRevokeGrant } from "./api";
import { GrantFields } from "./GrantFields";
import type { GrantDraft } from "./GrantFields";
import { describeGrant } from "./roles";

/** An account's role grants: revoke one (after asking), or grant another. */
export function GrantsSection({ user }: { user: User }) {
  const domains = useDomains();
  const grant = useGrantRole(user.username);
  const revoke = useRevokeGrant(user.username);
  const [draft, setDraft] = useState<GrantDraft>({ role: "viewer", domain: null });
  const [revoking, setRevoking] = useState<Grant | null>(null);
  const [granted, setGranted] = useState<string | null>(null);

  const domainName = (key: string) => domains.data?.find((domain) => domain.key === key)?.name ?? key;
  const grantErrors = serverFieldErrors(grant.error);
  const duplicate = user.grants.some((g) => g.role === draft.role && (g.domain ?? null) === draft.domain);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setGranted(null);
    grant.mutate(
      { role: draft.role, domain: draft.domain },
      { onSuccess: (created) => setGranted(`Granted: ${describeGrant(created, domainName)}.`) },
    );
  }

  function closeRevoke() {
    setRevoking(null);
    revoke.reset();
  }

  return (
    <section className="section" aria-labelledby="grants-title">
      <h2 id="grants-title">Roles</h2>
      {user.grants.length === 0 ? (
        <p className="muted empty-line">No roles: this account can sign in but see nothing.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table grant-table">
            <caption className="visually-hidden">Roles of {user.username}</caption>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col" className="grant-where">Where</th>
                <th scope="col" className="col-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {user.grants.map((g) => (
                <tr key={g.id}>
                  <td>
                    <span className="grant-role">{g.role}</span>
                  </td>
                  <td>{g.domain ? domainName(g.domain) : "Everywhere"}</td>
                  <td className="col-actions">
                    <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => setRevoking(g)}>
                      Revoke<span className="visually-hidden"> {describeGrant(g, domainName)}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="inline-form" onSubmit={submit} aria-label="Grant a role">
        <h3 className="inline-form-title">Grant a role</h3>
        <div className="inline-form-fields">
          <GrantFields
            value={draft}
            onChange={(value) => {
              setDraft(value);
              setGranted(null);
              grant.reset();
            }}
            domains={domains.data ?? []}
            domainsLoading={domains.isPending}
            errors={grantErrors}
          />
          <div className="inline-form-submit">
            <button type="submit" className="btn btn-primary" disabled={grant.isPending || duplicate}>
              {grant.isPending ? "Granting…" : "Grant"}
            </button>
          </div>
        </div>
        {duplicate && <p className="field-hint">{user.username} already has this role here.</p>}
        {grant.isError && (
          <p className="alert alert-error" role="alert">
            {errorMessage(grant.error)}
          </p>
        )}
        {granted && (
          <p className="alert alert-success" role="status">
            {granted}
          </p>
        )}
      </form>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke ${revoking ? describeGrant(revoking, domainName) : ""}?`}
        confirmLabel="Revoke role"
        pendingLabel="Revoking…"
        danger
        pending={revoke.isPending}
        error={revoke.error}
        onCancel={closeRevoke}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: closeRevoke })}
      >
        <p>
          {user.display_name || user.username} loses what this role allows at their next request. You can grant it again
          later.
        </p>
      </ConfirmDialog>
    </section>
  );
}
