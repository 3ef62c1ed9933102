//! The inbox and the unread count in the query cache, as the event stream and the read marks change them.
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { Notification, NotificationPage, UnreadCount } from "@/shared/api";
import { notificationKeys } from "./notification.queries";

type Inbox = InfiniteData<NotificationPage, string | undefined>;

export function setUnreadCount(queryClient: QueryClient, count: number) {
  queryClient.setQueryData<UnreadCount>(notificationKeys.unreadCount(), { count: Math.max(0, count) });
}

/** One less unread, at once (the server's next count, from its answer or the stream, follows). */
export function decrementUnreadCount(queryClient: QueryClient) {
  const unread = queryClient.getQueryData<UnreadCount>(notificationKeys.unreadCount());
  if (unread) setUnreadCount(queryClient, unread.count - 1);
}

/**
 * Whether two entries are one: the same id, or likes of the same post or comment (likes are
 * grouped per target, and a regrouped one comes back under a newer id).
 */
function sameEntry(a: Notification, b: Notification): boolean {
  if (a.id === b.id) return true;
  return a.kind === "like" && b.kind === "like" && a.target.kind === b.target.kind && a.target.id === b.target.id;
}

/**
 * A notification from the stream, in the inbox if it is loaded: any earlier copy of it goes, and
 * it takes its place by id (newest first) in the first page. One older than everything on the
 * first page while more pages remain is left for "Load more" to bring.
 */
export function addToInbox(queryClient: QueryClient, notification: Notification) {
  queryClient.setQueryData<Inbox>(notificationKeys.inbox(), (inbox) => {
    const [first, ...rest] = inbox?.pages ?? [];
    if (!inbox || !first) return inbox;
    const without = (page: NotificationPage): NotificationPage =>
      page.items.some((item) => sameEntry(item, notification))
        ? { ...page, items: page.items.filter((item) => !sameEntry(item, notification)) }
        : page;
    const head = without(first);
    const at = head.items.findIndex((item) => item.id < notification.id);
    if (at === -1 && rest.length > 0) return { ...inbox, pages: [head, ...rest.map(without)] };
    const items = [...head.items];
    items.splice(at === -1 ? items.length : at, 0, notification);
    return { ...inbox, pages: [{ ...head, items }, ...rest.map(without)] };
  });
}

/** Marks the cached entries that `isRead` picks as read. */
export function markReadInInbox(queryClient: QueryClient, isRead: (notification: Notification) => boolean) {
  queryClient.setQueryData<Inbox>(notificationKeys.inbox(), (inbox) =>
    inbox
      ? {
          ...inbox,
          pages: inbox.pages.map((page) =>
            page.items.some((item) => !item.read && isRead(item))
              ? { ...page, items: page.items.map((item) => (!item.read && isRead(item) ? { ...item, read: true } : item)) }
              : page,
          ),
        }
      : inbox,
  );
}
