import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { AuditQuery } from "../../api/types";

export function useAuditEvents(query: AuditQuery) {
  return useQuery({
    queryKey: ["admin", "audit", query],
    queryFn: () => unwrap(api.GET("/api/v1/audit-events", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}
