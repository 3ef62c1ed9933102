export { NotificationSettingsTable } from "./notification-settings.ui";
export { useUpdateNotificationSetting } from "./update-notification-settings.mutation";
