import { useMemo, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { ApiError } from "../../api/errors";
import type { Delivery, Webhook } from "../../api/types";
import { formatNumber } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { errorMessage, ErrorState } from "../../shared/ui/ErrorState";
import { FormField } from "../../shared/ui/FormField";
import { Pagination, PastLastPage } from "../../shared/ui/Pagination";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { ADMIN_PERMISSIONS } from "../admin/permissions";
import { RequirePermission } from "../admin/RequirePermission";
import { NotFoundPage } from "../errors/NotFoundPage";
import { useDeliveries, useRedeliver, useWebhook } from "./api";
import { deliveryHref, DELIVERY_STATUSES, parseDeliveryParams } from "./deliveryParams";
import { DeliveryTable, deliveryStatusLabel } from "./DeliveryTable";
import "./admin-webhooks.css";

function BackLink() {
  return (
    <Link to="/admin/webhooks" className="back-link">
      ‹ Webhooks
    </Link>
  );
}

function Deliveries({ webhook }: { webhook: Webhook }) {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseDeliveryParams(params), [params]);
  const deliveries = useDeliveries(webhook.id, state.page, state.status);
  const redeliver = useRedeliver(webhook.id);
  const [queued, setQueued] = useState<Delivery | null>(null);

  let body;
  if (deliveries.isPending) {
    body = (
      <div className="table-frame skeleton-table" aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading the deliveries…
        </p>
        {Array.from({ length: 5 }, (_, index) => (
          <Skeleton key={index} height="2.75rem" className="skeleton-gap" />
        ))}
      </div>
    );
  } else if (deliveries.isError) {
    body = <ErrorState error={deliveries.error} title="The deliveries could not be loaded" onRetry={() => void deliveries.refetch()} />;
  } else if (deliveries.data.items.length === 0) {
    body =
      deliveries.data.total > 0 ? (
        <PastLastPage title="This page is past the last delivery" lastHref={deliveryHref({ ...state, page: deliveries.data.pages })} />
      ) : (
        <EmptyState title={state.status ? `No ${deliveryStatusLabel(state.status).toLowerCase()} deliveries` : "No deliveries yet"}>
          <p>Each event the webhook listens to becomes a delivery here.</p>
        </EmptyState>
      );
  } else {
    body = (
      <>
        <DeliveryTable
          deliveries={deliveries.data.items}
          busy={deliveries.isPlaceholderData}
          redelivering={redeliver.isPending ? (redeliver.variables ?? null) : null}
          onRedeliver={(delivery) => {
            setQueued(null);
            redeliver.mutate(delivery.id, { onSuccess: setQueued });
          }}
        />
        <Pagination page={deliveries.data.page} pages={deliveries.data.pages} hrefFor={(page) => deliveryHref({ ...state, page })} />
      </>
    );
  }

  return (
    <section className="section" aria-labelledby="deliveries-title">
      <div className="section-header">
        <h2 id="deliveries-title">
          Deliveries {deliveries.data && <span className="subtle">({formatNumber(deliveries.data.total)})</span>}
        </h2>
        <FormField label="Status" className="field-inline">
          {(props) => (
            <select
              {...props}
              value={state.status ?? ""}
              onChange={(event) => {
                const status = DELIVERY_STATUSES.find((candidate) => candidate === event.target.value) ?? null;
                setParams(new URLSearchParams(deliveryHref({ status, page: 1 }).slice(1)));
              }}
            >
              <option value="">All</option>
              {DELIVERY_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {deliveryStatusLabel(status)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <div role="status">
        {queued && (
          <p className="alert alert-success">
            Delivery #{queued.id} ({queued.topic}) is queued again, with a fresh set of attempts.
          </p>
        )}
      </div>
      {redeliver.isError && (
        <p className="alert alert-error" role="alert">
          The delivery was not queued again: {errorMessage(redeliver.error)}
        </p>
      )}
      {body}
    </section>
  );
}

function WebhookDetail({ webhookId }: { webhookId: number }) {
  const webhook = useWebhook(webhookId);
  useDocumentTitle(webhook.data ? `${webhook.data.name} · Webhooks` : "Webhook");

  if (webhook.error instanceof ApiError && webhook.error.notFound) return <NotFoundPage what="webhook" />;
  if (webhook.isPending) {
    return (
      <div className="page" aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading the webhook…
        </p>
        <BackLink />
        <div aria-hidden="true">
          <Skeleton width="16rem" height="2rem" />
          <Skeleton width="30rem" className="skeleton-gap" />
        </div>
      </div>
    );
  }
  if (webhook.isError) {
    return (
      <div className="page">
        <BackLink />
        <ErrorState error={webhook.error} title="The webhook could not be loaded" onRetry={() => void webhook.refetch()} />
      </div>
    );
  }
  const data = webhook.data;
  return (
    <div className="page">
      <BackLink />
      <header>
        <div className="page-title-row">
          <h1>{data.name}</h1>
          {data.active ? (
            <span className="badge badge-status-active">Active</span>
          ) : (
            <span className="badge badge-status-expired">Disabled</span>
          )}
        </div>
        <dl className="facts facts-inline">
          <div>
            <dt>URL</dt>
            <dd>
              <code className="webhook-url">{data.url}</code>
            </dd>
          </div>
          <div>
            <dt>Events</dt>
            <dd>{data.events.join(", ")}</dd>
          </div>
        </dl>
      </header>
      <Deliveries webhook={data} />
    </div>
  );
}

export function WebhookPage() {
  const { webhookId = "" } = useParams();
  const id = Number(webhookId);
  return (
    <RequirePermission permission={ADMIN_PERMISSIONS.webhooks}>
      {Number.isInteger(id) && id > 0 ? <WebhookDetail key={id} webhookId={id} /> : <NotFoundPage what="webhook" />}
    </RequirePermission>
  );
}

export default WebhookPage;
