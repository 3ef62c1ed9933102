import { useMutation, useQueryClient } from "@tanstack/react-query";
import { appointModerator, invalidateModeration, removeModerator } from "@/entities/moderation";

/** Administrators: makes a user (by name or id) a moderator; the staff list and the log are asked again. */
export function useAppointModerator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["appoint-moderator"],
    mutationFn: (userKey: string) => appointModerator(userKey),
    onSuccess: () => void invalidateModeration(queryClient),
  });
}

/** Administrators: takes the moderator role away (the account stays). */
export function useRemoveModerator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["remove-moderator"],
    mutationFn: (userKey: string) => removeModerator(userKey),
    onSuccess: () => void invalidateModeration(queryClient),
  });
}
