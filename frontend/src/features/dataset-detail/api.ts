import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

export function useDataset(datasetId: number | null) {
  return useQuery({
    queryKey: ["datasets", "detail", datasetId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/datasets/{dataset_id}", { params: { path: { dataset_id: datasetId ?? 0 } } })),
    enabled: datasetId !== null,
  });
}

/** A route's :datasetId as the API's integer id, or null when it cannot be one. */
export function parseDatasetId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}
