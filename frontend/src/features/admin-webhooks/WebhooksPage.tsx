import { useState } from "react";
import type { Webhook, WebhookSecret } from "../../api/types";
import { ConfirmDialog } from "../../shared/ui/ConfirmDialog";
import { EmptyState } from "../../shared/ui/EmptyState";
import { errorMessage, ErrorState } from "../../shared/ui/ErrorState";
import { OneTimeSecret } from "../../shared/ui/OneTimeSecret";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { ADMIN_PERMISSIONS } from "../admin/permissions";
import { RequirePermission } from "../admin/RequirePermission";
import { useChangeWebhook, useCreateWebhook, useDeleteWebhook, useRotateWebhookSecret, useWebhooks } from "./api";
import { SigningHelp } from "./SigningHelp";
import { WebhookForm } from "./WebhookForm";
import { WebhookTable } from "./WebhookTable";
import "./admin-webhooks.css";

type Panel =
  | { kind: "closed" }
  | { kind: "new" }
  | { kind: "edit"; webhook: Webhook }
  | { kind: "secret"; title: string; created: WebhookSecret };

function Webhooks() {
  const webhooks = useWebhooks();
  const create = useCreateWebhook();
  const change = useChangeWebhook();
  const toggle = useChangeWebhook();
  const rotate = useRotateWebhookSecret();
  const remove = useDeleteWebhook();
  const [panel, setPanel] = useState<Panel>({ kind: "closed" });
  const [rotating, setRotating] = useState<Webhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  useDocumentTitle("Webhooks");

  function open(next: Panel) {
    create.reset();
    change.reset();
    setPanel(next);
  }
  function closeRotate() {
    setRotating(null);
    rotate.reset();
  }
  function closeDelete() {
    setDeleting(null);
    remove.reset();
  }

  let body;
  if (webhooks.isPending) {
    body = (
      <div className="table-frame skeleton-table" aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading webhooks…
        </p>
        {Array.from({ length: 3 }, (_, index) => (
          <Skeleton key={index} height="2.75rem" className="skeleton-gap" />
        ))}
      </div>
    );
  } else if (webhooks.isError) {
    body = <ErrorState error={webhooks.error} title="The webhooks could not be loaded" onRetry={() => void webhooks.refetch()} />;
  } else if (webhooks.data.length === 0) {
    body = (
      <EmptyState title="No webhooks yet">
        <p>A webhook POSTs catalog events (change requests, quality issues, crawls…) to another system, signed.</p>
      </EmptyState>
    );
  } else {
    body = (
      <WebhookTable
        webhooks={webhooks.data}
        toggling={toggle.isPending ? (toggle.variables?.webhookId ?? null) : null}
        actions={{
          onEdit: (webhook) => open({ kind: "edit", webhook }),
          onToggle: (webhook) => toggle.mutate({ webhookId: webhook.id, changes: { active: !webhook.active } }),
          onRotate: setRotating,
          onDelete: setDeleting,
        }}
      />
    );
  }

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Webhooks</h1>
          <p className="muted">Catalog events POSTed to other systems, each signed with the webhook's secret.</p>
        </div>
        {panel.kind === "closed" && (
          <button type="button" className="btn btn-primary" onClick={() => open({ kind: "new" })}>
            New webhook
          </button>
        )}
      </div>
      {panel.kind === "new" && (
        <section className="section" aria-labelledby="new-webhook-title">
          <h2 id="new-webhook-title">New webhook</h2>
          <WebhookForm
            label="New webhook"
            submitLabel="Create webhook"
            pending={create.isPending}
            error={create.error}
            onSubmit={(values) =>
              create.mutate(values, {
                onSuccess: (created) => setPanel({ kind: "secret", title: `“${created.name}” is registered`, created }),
              })
            }
            onCancel={() => open({ kind: "closed" })}
          />
        </section>
      )}
      {panel.kind === "edit" && (
        <section className="section" aria-labelledby="edit-webhook-title">
          <h2 id="edit-webhook-title">Edit “{panel.webhook.name}”</h2>
          <WebhookForm
            key={panel.webhook.id}
            webhook={panel.webhook}
            label={`Edit ${panel.webhook.name}`}
            submitLabel="Save changes"
            pending={change.isPending}
            error={change.error}
            onSubmit={(values) =>
              change.mutate({ webhookId: panel.webhook.id, changes: values }, { onSuccess: () => open({ kind: "closed" }) })
            }
            onCancel={() => open({ kind: "closed" })}
          />
        </section>
      )}
      {panel.kind === "secret" && (
        <div className="section">
          <OneTimeSecret
            title={panel.title}
            fields={[{ label: "Signing secret", value: panel.created.secret }]}
            onDone={() => setPanel({ kind: "closed" })}
          >
            <SigningHelp />
          </OneTimeSecret>
        </div>
      )}
      {toggle.isError && (
        <p className="alert alert-error" role="alert">
          The webhook was not changed: {errorMessage(toggle.error)}
        </p>
      )}
      {body}
      <ConfirmDialog
        open={rotating !== null}
        title={`Give “${rotating?.name ?? ""}” a new signing secret?`}
        confirmLabel="Make a new secret"
        pendingLabel="Making…"
        pending={rotate.isPending}
        error={rotate.error}
        onCancel={closeRotate}
        onConfirm={() =>
          rotating &&
          rotate.mutate(rotating.id, {
            onSuccess: (created) => {
              setPanel({ kind: "secret", title: `New signing secret for “${rotating.name}”`, created });
              closeRotate();
            },
          })
        }
      >
        <p>Deliveries are signed with the new secret at once: the receiver must check them with the new one.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ""}”?`}
        confirmLabel="Delete webhook"
        pendingLabel="Deleting…"
        danger
        pending={remove.isPending}
        error={remove.error}
        onCancel={closeDelete}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              if (panel.kind === "edit" && panel.webhook.id === deleting.id) setPanel({ kind: "closed" });
              closeDelete();
            },
          })
        }
      >
        <p>No more events are sent to {deleting?.url}, and its delivery history is deleted. This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}

export function WebhooksPage() {
  return (
    <RequirePermission permission={ADMIN_PERMISSIONS.webhooks}>
      <Webhooks />
    </RequirePermission>
  );
}

export default WebhooksPage;
