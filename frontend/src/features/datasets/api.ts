import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { DatasetListQuery } from "../../api/types";

export function useDatasetPage(query: DatasetListQuery) {
  return useQuery({
    queryKey: ["datasets", "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/datasets", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useSources() {
  return useQuery({
    queryKey: ["sources"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/sources"))).items,
    staleTime: 5 * 60_000,
  });
}

export function useTags() {
  return useQuery({
    queryKey: ["tags"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/tags"))).items,
    staleTime: 5 * 60_000,
  });
}
