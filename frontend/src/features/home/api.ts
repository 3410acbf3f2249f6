import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";

type RequestQuery = NonNullable<paths["/api/v1/change-requests"]["get"]["parameters"]["query"]>;

export const HOME_LIST_SIZE = 5;

/** The most viewed datasets (search lists everything when there is no text). */
export function usePopularDatasets() {
  return useQuery({
    queryKey: ["search", "popular"],
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/search", { params: { query: { q: "", sort: "popularity", per_page: HOME_LIST_SIZE } } }),
        )
      ).items,
    staleTime: 5 * 60_000,
  });
}

/** The datasets whose pages I opened last; asked again on every visit (the list changes as I browse). */
export function useRecentlyViewed() {
  return useQuery({
    queryKey: ["me", "recently-viewed"],
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/me/recently-viewed", { params: { query: { limit: HOME_LIST_SIZE } } }))).items,
    staleTime: 0,
  });
}

// Under "change-requests": proposing or deciding refreshes these.
function useRequestPage(query: RequestQuery) {
  return useQuery({
    queryKey: ["change-requests", "home", query],
    queryFn: () => unwrap(api.GET("/api/v1/change-requests", { params: { query } })),
  });
}

/** My contributions still waiting for a decision, newest first. */
export function useMyPendingRequests() {
  return useRequestPage({ mine: true, status: "pending", sort: "-created_at", per_page: HOME_LIST_SIZE });
}

/** The steward's review queue; only its size is shown here. */
export function useReviewQueue() {
  return useRequestPage({ reviewable: true, per_page: 1 });
}
