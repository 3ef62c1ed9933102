import { useMutation, useQueryClient } from "@tanstack/react-query";
import { decrementUnreadCount, markNotificationRead, markReadInInbox, notificationKeys } from "@/entities/notification";

/**
 * `POST /me/notifications/{id}/read`, when an unread entry is opened. The entry and the badge
 * change at once (the page is already going to where it leads); if the server refuses, both are
 * fetched again.
 */
export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["notifications", "mark-read"],
    mutationFn: (id: number) => markNotificationRead(id),
    onMutate: (id) => {
      markReadInInbox(queryClient, (notification) => notification.id === id);
      decrementUnreadCount(queryClient);
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
