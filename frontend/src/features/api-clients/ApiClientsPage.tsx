import { useState } from "react";
import type { ApiClient, ClientCredentials } from "../../api/types";
import { ConfirmDialog } from "../../shared/ui/ConfirmDialog";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { OneTimeSecret } from "../../shared/ui/OneTimeSecret";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { ADMIN_PERMISSIONS } from "../admin/permissions";
import { RequirePermission } from "../admin/RequirePermission";
import { useApiClients, useRevokeApiClient, useRotateSecret } from "./api";
import { ApiClientTable } from "./ApiClientTable";
import { NewApiClientForm } from "./NewApiClientForm";
import "./api-clients.css";

type Panel =
  | { kind: "closed" }
  | { kind: "form" }
  | { kind: "secret"; title: string; credentials: ClientCredentials };

function ApiClients() {
  const clients = useApiClients();
  const rotate = useRotateSecret();
  const revoke = useRevokeApiClient();
  const [panel, setPanel] = useState<Panel>({ kind: "closed" });
  const [rotating, setRotating] = useState<ApiClient | null>(null);
  const [revoking, setRevoking] = useState<ApiClient | null>(null);
  useDocumentTitle("API clients");

  function closeRotate() {
    setRotating(null);
    rotate.reset();
  }
  function closeRevoke() {
    setRevoking(null);
    revoke.reset();
  }

  let body;
  if (clients.isPending) {
    body = (
      <div className="table-frame skeleton-table" aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading API clients…
        </p>
        {Array.from({ length: 4 }, (_, index) => (
          <Skeleton key={index} height="2.75rem" className="skeleton-gap" />
        ))}
      </div>
    );
  } else if (clients.isError) {
    body = <ErrorState error={clients.error} title="The API clients could not be loaded" onRetry={() => void clients.refetch()} />;
  } else if (clients.data.length === 0) {
    body = (
      <EmptyState title="No API clients yet">
        <p>Connectors and other services sign in with an API client's id and secret.</p>
      </EmptyState>
    );
  } else {
    body = <ApiClientTable clients={clients.data} onRotate={setRotating} onRevoke={setRevoking} />;
  }

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>API clients</h1>
          <p className="muted">Connectors and services: each has its own service account and gets short-lived tokens.</p>
        </div>
        {panel.kind === "closed" && (
          <button type="button" className="btn btn-primary" onClick={() => setPanel({ kind: "form" })}>
            New API client
          </button>
        )}
      </div>
      {panel.kind === "form" && (
        <section className="section" aria-labelledby="new-client-title">
          <h2 id="new-client-title">New API client</h2>
          <NewApiClientForm
            onCreated={(credentials, name) => setPanel({ kind: "secret", title: `“${name}” is ready`, credentials })}
            onCancel={() => setPanel({ kind: "closed" })}
          />
        </section>
      )}
      {panel.kind === "secret" && (
        <div className="section">
          <OneTimeSecret
            title={panel.title}
            fields={[
              { label: "Client ID", value: panel.credentials.client_id },
              { label: "Client secret", value: panel.credentials.client_secret },
            ]}
            onDone={() => setPanel({ kind: "closed" })}
          >
            <p className="field-hint">
              The client gets an access token with <code>POST /api/v1/auth/token</code> (
              <code>grant_type=client_credentials</code>, its id and secret).
            </p>
          </OneTimeSecret>
        </div>
      )}
      {body}
      <ConfirmDialog
        open={rotating !== null}
        title={`Give “${rotating?.name ?? ""}” a new secret?`}
        confirmLabel="Make a new secret"
        pendingLabel="Making…"
        pending={rotate.isPending}
        error={rotate.error}
        onCancel={closeRotate}
        onConfirm={() =>
          rotating &&
          rotate.mutate(rotating.client_id, {
            onSuccess: (credentials) => {
              setPanel({ kind: "secret", title: `New secret for “${rotating.name}”`, credentials });
              closeRotate();
            },
          })
        }
      >
        <p>The current secret stops working at once: update the client's configuration with the new one.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke client"
        pendingLabel="Revoking…"
        danger
        pending={revoke.isPending}
        error={revoke.error}
        onCancel={closeRevoke}
        onConfirm={() => revoking && revoke.mutate(revoking.client_id, { onSuccess: closeRevoke })}
      >
        <p>It gets no new tokens, and the tokens it holds stop working. This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}

export function ApiClientsPage() {
  return (
    <RequirePermission permission={ADMIN_PERMISSIONS.apiClients}>
      <ApiClients />
    </RequirePermission>
  );
}

export default ApiClientsPage;
