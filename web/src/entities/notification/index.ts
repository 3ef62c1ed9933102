export {
  fetchNotificationPage,
  fetchUnreadCount,
  markNotificationRead,
  markNotificationsRead,
  fetchStreamTicket,
  streamUrl,
  fetchNotificationSettings,
  updateNotificationSettings,
  unsubscribeWithToken,
} from "./notification.api";
export { notificationKeys, useNotificationInbox, useUnreadCount, notificationSettingsQuery } from "./notification.queries";
export { setUnreadCount, decrementUnreadCount, addToInbox, markReadInInbox } from "./notification.cache";
export {
  watchNotificationStream,
  reconnectDelay,
  type EventSourceLike,
  type NotificationStreamOptions,
} from "./notification-stream";
export {
  actorsPhrase,
  describeNotification,
  notificationSentence,
  notificationPath,
  type NotificationWords,
} from "./notification-text";
export { NOTIFICATION_KINDS, kindInfo, isNotificationKind, type KindInfo } from "./notification-kinds";
export { NotificationItem } from "./notification-item.ui";
