import { useMutation, useQueryClient } from "@tanstack/react-query";
import { notificationKeys, updateNotificationSettings } from "@/entities/notification";
import type { KindSetting, NotificationSettings } from "@/shared/api";

const mutationKey = ["notifications", "settings", "update"] as const;

function withSetting(settings: NotificationSettings, setting: KindSetting): NotificationSettings {
  return { ...settings, kinds: settings.kinds.map((kind) => (kind.kind === setting.kind ? setting : kind)) };
}

/**
 * `PATCH /me/notification-settings` with the one kind a checkbox changed (the server keeps the
 * others). The box changes at once. Changes go one at a time, in the order they were made, and
 * only the last answer is taken whole, so a quick second click is not undone by the first's
 * answer. A refused change puts that kind back as it was and reads the settings again.
 */
export function useUpdateNotificationSetting() {
  const queryClient = useQueryClient();
  const key = notificationKeys.settings();
  return useMutation({
    mutationKey,
    scope: { id: "notification-settings" },
    mutationFn: (setting: KindSetting) => updateNotificationSettings([setting]),
    onMutate: async (setting) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<NotificationSettings>(key);
      if (before) queryClient.setQueryData(key, withSetting(before, setting));
      return { previous: before?.kinds.find((kind) => kind.kind === setting.kind) };
    },
    onError: (_error, _setting, context) => {
      const now = queryClient.getQueryData<NotificationSettings>(key);
      if (now && context?.previous) queryClient.setQueryData(key, withSetting(now, context.previous));
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onSuccess: (saved) => {
      if (queryClient.isMutating({ mutationKey }) <= 1) queryClient.setQueryData(key, saved);
    },
  });
}
