import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { ConnectionInput, ConnectorRunPage, NewSource, Source, SourceChange } from "../../api/types";
import { anyUnfinished, isFinished } from "./runStatus";

export const sourcesAdminKey = ["admin", "sources"] as const;
const overviewKey = [...sourcesAdminKey, "overview"] as const;
const connectionKey = (key: string) => [...sourcesAdminKey, "connection", key] as const;
const runsKey = (key: string) => [...sourcesAdminKey, "runs", key] as const;
export const runKey = (runId: number) => ["admin", "runs", runId] as const;

/** How often a page showing a run that has not finished asks again. */
export const RUN_POLL_MS = 1000;
const RUNS_LIST_POLL_MS = 3000;

export function useSource(key: string) {
  return useQuery({
    queryKey: ["sources", "one", key],
    queryFn: () => unwrap(api.GET("/api/v1/sources/{key}", { params: { path: { key } } })),
  });
}

/** Each source's connection and latest run, by source key (one call for the whole list). */
export function useSourcesOverview() {
  return useQuery({
    queryKey: overviewKey,
    queryFn: async () => {
      const { items } = await unwrap(api.GET("/api/v1/connections"));
      return new Map(items.map((item) => [item.source, item]));
    },
  });
}

export function useConnectors() {
  return useQuery({
    queryKey: ["admin", "connectors"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/connectors"))).items,
    staleTime: 10 * 60_000,
  });
}

/** The source's connection, or null when it has none yet (the API answers 404). */
export function useConnection(key: string) {
  return useQuery({
    queryKey: connectionKey(key),
    queryFn: async () => {
      try {
        return await unwrap(api.GET("/api/v1/sources/{key}/connection", { params: { path: { key } } }));
      } catch (error) {
        if (error instanceof ApiError && error.notFound) return null;
        throw error;
      }
    },
  });
}

/** A source changed: every list that shows it is stale. */
function useSourceChanged() {
  const queryClient = useQueryClient();
  return (source?: Source) => {
    if (source) queryClient.setQueryData(["sources", "one", source.key], source);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: ["sources"] }),
      queryClient.invalidateQueries({ queryKey: overviewKey }),
    ]);
  };
}

export function useCreateSource() {
  const changed = useSourceChanged();
  return useMutation({
    mutationFn: (body: NewSource) => unwrap(api.POST("/api/v1/sources", { body })),
    onSuccess: (source) => changed(source),
  });
}

export function useChangeSource(key: string) {
  const changed = useSourceChanged();
  return useMutation({
    mutationFn: (body: SourceChange) => unwrap(api.PATCH("/api/v1/sources/{key}", { params: { path: { key } }, body })),
    onSuccess: (source) => changed(source),
  });
}

export function useSaveConnection(key: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ConnectionInput) =>
      unwrap(api.PUT("/api/v1/sources/{key}/connection", { params: { path: { key } }, body })),
    onSuccess: (connection) => {
      queryClient.setQueryData(connectionKey(key), connection);
      return queryClient.invalidateQueries({ queryKey: overviewKey });
    },
  });
}

/** Tries the stored connection with the form's values laid over it; nothing is saved. */
export function useTestConnection(key: string) {
  return useMutation({
    mutationFn: (body: Pick<ConnectionInput, "connector" | "config">) =>
      unwrap(api.POST("/api/v1/sources/{key}/connection/test", { params: { path: { key } }, body })),
  });
}

/** A page of the source's runs; asked again every few seconds while one of them is unfinished. */
export function useSourceRuns(key: string, page: number) {
  return useQuery({
    queryKey: [...runsKey(key), page],
    queryFn: () =>
      unwrap(api.GET("/api/v1/sources/{key}/runs", { params: { path: { key }, query: { page, per_page: 20 } } })),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (anyUnfinished((query.state.data as ConnectorRunPage | undefined)?.items) ? RUNS_LIST_POLL_MS : false),
  });
}

export function useStartRun(key: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/sources/{key}/runs", { params: { path: { key } } })),
    onSuccess: (run) => {
      queryClient.setQueryData(runKey(run.id), run);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: runsKey(key) }),
        queryClient.invalidateQueries({ queryKey: overviewKey }),
      ]);
    },
  });
}

/** One run, asked again every second until it has finished (then never again). */
export function useRun(runId: number) {
  return useQuery({
    queryKey: runKey(runId),
    queryFn: () => unwrap(api.GET("/api/v1/runs/{run_id}", { params: { path: { run_id: runId } } })),
    refetchInterval: (query) => {
      const run = query.state.data;
      if (query.state.status === "error") return false;
      return run && isFinished(run.status) ? false : RUN_POLL_MS;
    },
  });
}
