import { useMutation, useQueryClient } from "@tanstack/react-query";
import { markNotificationsRead, markReadInInbox, setUnreadCount } from "@/entities/notification";

/**
 * `POST /me/notifications/read {up_to}`: everything up to the newest entry shown, so one that
 * arrived meanwhile (not seen yet) stays unread. The server answers with the count left.
 */
export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["notifications", "mark-all-read"],
    mutationFn: (upTo: number | undefined) => markNotificationsRead(upTo),
    onSuccess: (unread, upTo) => {
      markReadInInbox(queryClient, (notification) => upTo === undefined || notification.id <= upTo);
      setUnreadCount(queryClient, unread.count);
    },
  });
}
