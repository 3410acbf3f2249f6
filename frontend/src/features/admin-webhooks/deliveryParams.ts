import type { DeliveryStatus } from "../../api/types";
import { pageParam } from "../../shared/urlParams";

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ["pending", "succeeded", "failed"];

export interface DeliveryParams {
  page: number;
  status: DeliveryStatus | null;
}

/** The deliveries page's state lives in the URL (?page=&status=): it can be bookmarked and shared. */
export function parseDeliveryParams(params: URLSearchParams): DeliveryParams {
  const status = params.get("status");
  return {
    page: pageParam(params),
    status: DELIVERY_STATUSES.find((candidate) => candidate === status) ?? null,
  };
}

export function deliveryHref(state: DeliveryParams): string {
  const params = new URLSearchParams();
  if (state.status) params.set("status", state.status);
  if (state.page > 1) params.set("page", String(state.page));
  const query = params.toString();
  return query ? `?${query}` : "?";
}
