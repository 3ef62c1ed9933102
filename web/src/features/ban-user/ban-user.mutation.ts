import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commentKeys } from "@/entities/comment";
import { banUser, invalidateModeration, unbanUser } from "@/entities/moderation";
import { postKeys } from "@/entities/post";
import { userKeys } from "@/entities/user";
import type { BanRequest } from "@/shared/api";

export type BanVariables = { userId: number } & BanRequest;
export type UnbanVariables = { userId: number; reason: string };

/**
 * A ban may take the person's posts and comments out (and lifting it puts them back): every
 * cached post, thread and profile is asked again, with the queue and the log.
 */
function useRefreshAfterBan() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: postKeys.all });
    void queryClient.invalidateQueries({ queryKey: commentKeys.all });
    void queryClient.invalidateQueries({ queryKey: userKeys.all });
    void invalidateModeration(queryClient);
  };
}

export function useBanUser() {
  const refresh = useRefreshAfterBan();
  return useMutation({
    mutationKey: ["ban-user"],
    mutationFn: ({ userId, ...body }: BanVariables) => banUser(String(userId), body),
    onSuccess: refresh,
  });
}

export function useUnbanUser() {
  const refresh = useRefreshAfterBan();
  return useMutation({
    mutationKey: ["unban-user"],
    mutationFn: ({ userId, reason }: UnbanVariables) => unbanUser(String(userId), reason),
    onSuccess: refresh,
  });
}
