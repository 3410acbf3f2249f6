import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";

export type QualityStatus = NonNullable<
  NonNullable<paths["/api/v1/datasets/{dataset_id}/quality-issues"]["get"]["parameters"]["query"]>["status"]
>;

export const ACTIVITY_PER_PAGE = 25;
export const ISSUES_PER_PAGE = 20;
export const COMMENTS_PER_PAGE = 50;

/** Everything about one dataset is cached under this prefix (a contribution invalidates it all). */
export const datasetKey = (datasetId: number) => ["datasets", "detail", datasetId] as const;

const path = (datasetId: number) => ({ path: { dataset_id: datasetId } });

export function datasetQuery(datasetId: number | null) {
  return queryOptions({
    queryKey: datasetKey(datasetId ?? 0),
    queryFn: () => unwrap(api.GET("/api/v1/datasets/{dataset_id}", { params: path(datasetId ?? 0) })),
    enabled: datasetId !== null,
  });
}

export function useDataset(datasetId: number | null) {
  return useQuery(datasetQuery(datasetId));
}

// The sections' queries: each runs when its tab is shown (or is about to be, see prefetch).

export function activityQuery(datasetId: number, page: number) {
  return queryOptions({
    queryKey: [...datasetKey(datasetId), "activity", page],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/datasets/{dataset_id}/activity", {
          params: { ...path(datasetId), query: { page, per_page: ACTIVITY_PER_PAGE } },
        }),
      ),
  });
}

export function qualityIssuesQuery(datasetId: number, page: number, status: QualityStatus | null) {
  return queryOptions({
    queryKey: [...datasetKey(datasetId), "quality-issues", status, page],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/datasets/{dataset_id}/quality-issues", {
          params: { ...path(datasetId), query: { page, per_page: ISSUES_PER_PAGE, ...(status ? { status } : {}) } },
        }),
      ),
  });
}

export function commentsQuery(datasetId: number, page: number) {
  return queryOptions({
    queryKey: [...datasetKey(datasetId), "comments", page],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/datasets/{dataset_id}/comments", {
          params: { ...path(datasetId), query: { page, per_page: COMMENTS_PER_PAGE } },
        }),
      ),
  });
}

/** Tell the catalog that I opened this page (for popularity and "recently viewed"); best effort. */
export async function recordView(datasetId: number): Promise<void> {
  try {
    await api.POST("/api/v1/datasets/{dataset_id}/views", { params: path(datasetId) });
  } catch {
    // Not worth bothering anyone: the page works without it.
  }
}

/** A route's :datasetId as the API's integer id, or null when it cannot be one. */
export function parseDatasetId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}
