import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { NotificationPreferences } from "../../api/types";

const KEY = ["notifications"] as const;
const UNREAD_KEY = [...KEY, "unread"] as const;
export const UNREAD_POLL_MS = 60_000;

export function useNotifications(query: { page: number; per_page: number; unread: boolean }) {
  return useQuery({
    queryKey: [...KEY, "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/me/notifications", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** The header bell's number: one small page (per_page=1) a minute, only while the tab is visible. */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: UNREAD_KEY,
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/me/notifications", { params: { query: { per_page: 1, unread: true } } }))).unread,
    enabled,
    refetchInterval: UNREAD_POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: UNREAD_POLL_MS / 2,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (which: { ids: number[] } | { all: true }) => unwrap(api.POST("/api/v1/me/notifications/read", { body: which })),
    onSuccess: ({ unread }) => {
      queryClient.setQueryData(UNREAD_KEY, unread);
      return queryClient.invalidateQueries({ queryKey: [...KEY, "list"] });
    },
  });
}

export function usePreferences() {
  return useQuery({
    queryKey: [...KEY, "preferences"],
    queryFn: () => unwrap(api.GET("/api/v1/me/notification-preferences")),
  });
}

export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationPreferences) => unwrap(api.PUT("/api/v1/me/notification-preferences", { body })),
    onSuccess: (saved) => queryClient.setQueryData([...KEY, "preferences"], saved),
  });
}
