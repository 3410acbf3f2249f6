import { useState } from "react";
import type { CreatedPersonalToken, PersonalToken } from "../../api/types";
import { ConfirmDialog } from "../../shared/ui/ConfirmDialog";
import { ErrorState } from "../../shared/ui/ErrorState";
import { OneTimeSecret } from "../../shared/ui/OneTimeSecret";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useMyTokens, useRevokeMyToken } from "./api";
import { NewTokenForm } from "./NewTokenForm";
import { TokenTable } from "./TokenTable";

type Panel = { kind: "closed" } | { kind: "form" } | { kind: "created"; token: CreatedPersonalToken };

/** My personal access tokens: list, create (the token shown once), revoke. */
export function PersonalTokensSection() {
  const tokens = useMyTokens();
  const revoke = useRevokeMyToken();
  const [panel, setPanel] = useState<Panel>({ kind: "closed" });
  const [revoking, setRevoking] = useState<PersonalToken | null>(null);

  function closeRevoke() {
    setRevoking(null);
    revoke.reset();
  }

  let list;
  if (tokens.isPending) {
    list = (
      <div aria-hidden="true">
        <Skeleton height="2.25rem" />
        <Skeleton height="2.25rem" className="skeleton-gap" />
      </div>
    );
  } else if (tokens.isError) {
    list = <ErrorState error={tokens.error} title="Your tokens could not be loaded" onRetry={() => void tokens.refetch()} />;
  } else if (tokens.data.length === 0) {
    list = <p className="muted empty-line">You have no personal access tokens.</p>;
  } else {
    list = <TokenTable tokens={tokens.data} caption="Your personal access tokens" onRevoke={setRevoking} />;
  }

  return (
    <section className="section" aria-labelledby="tokens-title">
      <div className="section-header">
        <div>
          <h2 id="tokens-title">Personal access tokens</h2>
          <p className="muted section-intro">
            For scripts and tools that use the API as you, sent in the <code>Authorization: Bearer</code> header.
          </p>
        </div>
        {panel.kind === "closed" && (
          <button type="button" className="btn btn-primary" onClick={() => setPanel({ kind: "form" })}>
            New token
          </button>
        )}
      </div>
      {panel.kind === "form" && (
        <NewTokenForm onCreated={(token) => setPanel({ kind: "created", token })} onCancel={() => setPanel({ kind: "closed" })} />
      )}
      {panel.kind === "created" && (
        <OneTimeSecret
          title={`Your new token “${panel.token.name}”`}
          fields={[{ label: "Token", value: panel.token.token }]}
          onDone={() => setPanel({ kind: "closed" })}
        />
      )}
      {list}
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke the token “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke token"
        pendingLabel="Revoking…"
        danger
        pending={revoke.isPending}
        error={revoke.error}
        onCancel={closeRevoke}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: closeRevoke })}
      >
        <p>Scripts that use it stop working at once. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
