import { BellOff, Settings } from "lucide-react";
import { Link } from "react-router";
import { MarkAllReadButton, useMarkNotificationRead } from "@/features/mark-notifications-read";
import { NotificationItem, useNotificationInbox, useUnreadCount } from "@/entities/notification";
import { RequireSession } from "@/entities/session";
import type { Notification } from "@/shared/api";
import { paths } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";
import { EmptyState, ErrorState, LoadMore, Loading } from "@/shared/ui";

function Inbox() {
  const inbox = useNotificationInbox();
  const unreadCount = useUnreadCount(true);
  const markRead = useMarkNotificationRead();
  const open = (notification: Notification) => {
    if (!notification.read) markRead.mutate(notification.id);
  };
  // Older unread entries may be on pages not loaded yet: the count tells.
  const anyUnread = inbox.items.some((notification) => !notification.read) || (unreadCount ?? 0) > 0;

  let body;
  if (inbox.isPending) body = <Loading label="Loading notifications…" />;
  else if (inbox.isError) body = <ErrorState error={inbox.error} onRetry={inbox.refetch} />;
  else if (!inbox.items.length)
    body = (
      <EmptyState title="No notifications yet." icon={<BellOff aria-hidden="true" size={28} />}>
        <p>When someone replies to you, mentions you, likes what you wrote or follows you, you will find it here.</p>
      </EmptyState>
    );
  else
    body = (
      <>
        <ol className="notification-list card" aria-label="Your notifications, newest first">
          {inbox.items.map((notification) => (
            <NotificationItem key={notification.id} notification={notification} onOpen={open} />
          ))}
        </ol>
        <LoadMore
          hasMore={inbox.hasMore}
          isLoadingMore={inbox.isLoadingMore}
          onLoadMore={inbox.loadMore}
          label="Load more notifications"
        />
      </>
    );
  return (
    <div className="layout-narrow notifications-page">
      <div className="notifications-head">
        <h1 className="page-title">Notifications</h1>
        <div className="notifications-head-actions">
          {inbox.items.length ? <MarkAllReadButton upTo={inbox.items[0]?.id} disabled={!anyUnread} /> : null}
          <Link to={paths.notificationSettings} className="btn btn-ghost btn-small">
            <Settings aria-hidden="true" size={16} /> Notification settings
          </Link>
        </div>
      </div>
      {body}
    </div>
  );
}

/** `/notifications`: the inbox, newest first; opening an entry marks it read. */
export function NotificationsPage() {
  useDocumentTitle("Notifications");
  return <RequireSession>{() => <Inbox />}</RequireSession>;
}
