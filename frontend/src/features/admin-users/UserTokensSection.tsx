import { useState } from "react";
import type { PersonalToken, User } from "../../api/types";
import { ConfirmDialog } from "../../shared/ui/ConfirmDialog";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { TokenTable } from "../account/TokenTable";
import { useRevokeUserToken, useUserTokens } from "./api";

/** Someone's personal access tokens, as an administrator sees them: revoke only. */
export function UserTokensSection({ user }: { user: User }) {
  const tokens = useUserTokens(user.username);
  const revoke = useRevokeUserToken(user.username);
  const [revoking, setRevoking] = useState<PersonalToken | null>(null);

  function close() {
    setRevoking(null);
    revoke.reset();
  }

  let body;
  if (tokens.isPending) body = <Skeleton height="2.25rem" />;
  else if (tokens.isError) body = <ErrorState error={tokens.error} title="The tokens could not be loaded" onRetry={() => void tokens.refetch()} />;
  else if (tokens.data.length === 0) body = <p className="muted empty-line">No personal access tokens.</p>;
  else body = <TokenTable tokens={tokens.data} caption={`Personal access tokens of ${user.username}`} onRevoke={setRevoking} />;

  return (
    <section className="section" aria-labelledby="user-tokens-title">
      <h2 id="user-tokens-title">Personal access tokens</h2>
      {body}
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke the token “${revoking?.name ?? ""}” of ${user.username}?`}
        confirmLabel="Revoke token"
        pendingLabel="Revoking…"
        danger
        pending={revoke.isPending}
        error={revoke.error}
        onCancel={close}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: close })}
      >
        <p>Scripts that use it stop working at once. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
