import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

export function useDomains() {
  return useQuery({
    queryKey: ["domains"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/domains"))).items,
    staleTime: 5 * 60_000,
  });
}
