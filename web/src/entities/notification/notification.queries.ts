import { queryOptions, useQuery } from "@tanstack/react-query";
import type { Notification } from "@/shared/api";
import { useCursorList } from "@/shared/lib";
import { fetchNotificationPage, fetchNotificationSettings, fetchUnreadCount } from "./notification.api";

/** Everything about the signed-in person's notifications lives under `notificationKeys.all`. */
export const notificationKeys = {
  all: ["notifications"] as const,
  inbox: () => [...notificationKeys.all, "inbox"] as const,
  unreadCount: () => [...notificationKeys.all, "unread-count"] as const,
  settings: () => [...notificationKeys.all, "settings"] as const,
};

/** The inbox, newest first, a page at a time ("Load more"). The event stream prepends to it. */
export function useNotificationInbox() {
  return useCursorList<Notification>(notificationKeys.inbox(), fetchNotificationPage);
}

/**
 * How many notifications are unread: asked once, then kept current by the event stream
 * (`watchNotificationStream`), which sets it from the server's `unread` events.
 */
export function useUnreadCount(enabled: boolean): number | undefined {
  const query = useQuery({
    queryKey: notificationKeys.unreadCount(),
    queryFn: ({ signal }) => fetchUnreadCount(signal),
    enabled,
    select: (unread) => unread.count,
  });
  return enabled ? query.data : undefined;
}

/** Which kinds you are told about, in the app and by mail. */
export const notificationSettingsQuery = () =>
  queryOptions({ queryKey: notificationKeys.settings(), queryFn: ({ signal }) => fetchNotificationSettings(signal) });
