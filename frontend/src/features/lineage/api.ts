import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { components, paths } from "../../api/schema";

export type LineageGraph = components["schemas"]["LineageGraph"];
export type LineageNode = components["schemas"]["LineageNode"];
export type LineageEdge = components["schemas"]["LineageEdge"];
export type LineageDirection = NonNullable<
  NonNullable<paths["/api/v1/datasets/{dataset_id}/lineage"]["get"]["parameters"]["query"]>["direction"]
>;

export const DIRECTIONS: { value: LineageDirection; label: string }[] = [
  { value: "both", label: "Upstream and downstream" },
  { value: "up", label: "Upstream: what feeds it" },
  { value: "down", label: "Downstream: what it feeds" },
];
export const MAX_DEPTH = 10;
export const DEFAULT_DEPTH = 3;

export function lineageQuery(datasetId: number, direction: LineageDirection, depth: number) {
  return queryOptions({
    queryKey: ["datasets", "detail", datasetId, "lineage", direction, depth],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/datasets/{dataset_id}/lineage", {
          params: { path: { dataset_id: datasetId }, query: { direction, depth } },
        }),
      ),
  });
}

/** The walk's settings from the address (?dir=up&depth=2), defaults when absent or wrong. */
export function parseLineageParams(params: URLSearchParams): { direction: LineageDirection; depth: number } {
  const rawDirection = params.get("dir");
  const direction = DIRECTIONS.find((d) => d.value === rawDirection)?.value ?? "both";
  const rawDepth = Number(params.get("depth"));
  const depth = Number.isInteger(rawDepth) && rawDepth >= 1 && rawDepth <= MAX_DEPTH ? rawDepth : DEFAULT_DEPTH;
  return { direction, depth };
}
