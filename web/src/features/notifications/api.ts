/** Notifications: query keys and hooks over `/api/notifications` (shapes from `src/contracts/notifications.ts`). */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Notification, NotificationList } from '../../../../src/contracts/notifications.ts';
import { api } from '../../lib/api.ts';

export const notificationKeys = {
  all: ['notifications'] as const,
  latest: () => [...notificationKeys.all, 'latest'] as const,
  pages: () => [...notificationKeys.all, 'pages'] as const,
};

/** The few newest and the unread count, for the bell: refreshed every minute (no push needed). */
export function useLatestNotifications() {
  return useQuery({
    queryKey: notificationKeys.latest(),
    queryFn: ({ signal }) => api<NotificationList>('/notifications', { query: { limit: 8 }, signal }),
    refetchInterval: 60_000,
    meta: { silent: true },
  });
}

export function useNotificationPages() {
  return useInfiniteQuery({
    queryKey: notificationKeys.pages(),
    queryFn: ({ pageParam, signal }) => api<NotificationList>('/notifications', { query: { limit: 30, after: pageParam ?? undefined }, signal }),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<Notification>(`/notifications/${id}/read`, { method: 'POST', body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ marked: number }>('/notifications/read-all', { method: 'POST', body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
