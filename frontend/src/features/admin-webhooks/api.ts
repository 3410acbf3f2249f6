import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { Delivery, DeliveryPage, DeliveryStatus, NewWebhook, Webhook, WebhookChanges } from "../../api/types";

export const webhooksKey = ["admin", "webhooks"] as const;
const webhookKey = (webhookId: number) => [...webhooksKey, "one", webhookId] as const;
const deliveriesKey = (webhookId: number) => [...webhooksKey, "deliveries", webhookId] as const;

/** Deliveries waiting for an attempt are asked about again this often. */
const PENDING_POLL_MS = 5000;

export function useWebhooks() {
  return useQuery({
    queryKey: [...webhooksKey, "list"],
    queryFn: () => unwrap(api.GET("/api/v1/admin/webhooks")),
  });
}

export function useWebhook(webhookId: number) {
  return useQuery({
    queryKey: webhookKey(webhookId),
    queryFn: () => unwrap(api.GET("/api/v1/admin/webhooks/{webhook_id}", { params: { path: { webhook_id: webhookId } } })),
  });
}

function useWebhookChanged() {
  const queryClient = useQueryClient();
  return (webhook?: Webhook) => {
    if (webhook) queryClient.setQueryData(webhookKey(webhook.id), webhook);
    return queryClient.invalidateQueries({ queryKey: [...webhooksKey, "list"] });
  };
}

/** Answers with the signing secret, once: handed to the caller, never cached. */
export function useCreateWebhook() {
  const changed = useWebhookChanged();
  return useMutation({
    mutationFn: (body: NewWebhook) => unwrap(api.POST("/api/v1/admin/webhooks", { body })),
    onSuccess: () => changed(),
  });
}

export function useChangeWebhook() {
  const changed = useWebhookChanged();
  return useMutation({
    mutationFn: ({ webhookId, changes }: { webhookId: number; changes: WebhookChanges }) =>
      unwrap(api.PATCH("/api/v1/admin/webhooks/{webhook_id}", { params: { path: { webhook_id: webhookId } }, body: changes })),
    onSuccess: (webhook) => changed(webhook),
  });
}

export function useRotateWebhookSecret() {
  const changed = useWebhookChanged();
  return useMutation({
    mutationFn: (webhookId: number) =>
      unwrap(api.POST("/api/v1/admin/webhooks/{webhook_id}/rotate-secret", { params: { path: { webhook_id: webhookId } } })),
    onSuccess: () => changed(),
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (webhookId: number) =>
      unwrap(api.DELETE("/api/v1/admin/webhooks/{webhook_id}", { params: { path: { webhook_id: webhookId } } })),
    onSuccess: (_nothing, webhookId) => {
      queryClient.removeQueries({ queryKey: webhookKey(webhookId) });
      queryClient.removeQueries({ queryKey: deliveriesKey(webhookId) });
      return queryClient.invalidateQueries({ queryKey: [...webhooksKey, "list"] });
    },
  });
}

function anyPending(page: DeliveryPage | undefined): boolean {
  return Boolean(page?.items.some((delivery) => delivery.status === "pending"));
}

/** A page of a webhook's deliveries, newest first; refreshed while some are still pending. */
export function useDeliveries(webhookId: number, page: number, status: DeliveryStatus | null) {
  return useQuery({
    queryKey: [...deliveriesKey(webhookId), page, status],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/admin/webhooks/{webhook_id}/deliveries", {
          params: { path: { webhook_id: webhookId }, query: { page, per_page: 25, ...(status ? { status } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (anyPending(query.state.data) ? PENDING_POLL_MS : false),
  });
}

/** Queues a delivery again (fresh attempts); the page shows it pending at once. */
export function useRedeliver(webhookId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: number) =>
      unwrap(
        api.POST("/api/v1/admin/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", {
          params: { path: { webhook_id: webhookId, delivery_id: deliveryId } },
        }),
      ),
    onSuccess: (again: Delivery) => {
      queryClient.setQueriesData<DeliveryPage>({ queryKey: deliveriesKey(webhookId) }, (page) =>
        page ? { ...page, items: page.items.map((delivery) => (delivery.id === again.id ? again : delivery)) } : page,
      );
      return queryClient.invalidateQueries({ queryKey: deliveriesKey(webhookId) });
    },
  });
}
