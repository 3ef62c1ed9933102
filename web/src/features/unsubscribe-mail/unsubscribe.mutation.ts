import { useMutation, useQueryClient } from "@tanstack/react-query";
import { notificationKeys, unsubscribeWithToken } from "@/entities/notification";

/**
 * `POST /notifications/unsubscribe?token=…` from a mail's link. Sent only when the person
 * clicks: mail scanners open links, and an unsubscribe on page load would act for them.
 */
export function useUnsubscribe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["notifications", "unsubscribe"],
    mutationFn: (token: string) => unsubscribeWithToken(token),
    // Signed in on this device: Settings shows the change.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: notificationKeys.settings() }),
  });
}
