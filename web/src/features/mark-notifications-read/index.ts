export { MarkAllReadButton } from "./mark-all-read.ui";
export { useMarkAllNotificationsRead } from "./mark-all-read.mutation";
export { useMarkNotificationRead } from "./mark-notification-read.mutation";
