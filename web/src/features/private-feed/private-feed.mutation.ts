import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FeedTokenStatus } from "@/shared/api";
import { createFeedToken, feedTokenKey, revokeFeedToken } from "./private-feed.api";

/** `POST /me/feed-token`: the answer carries the addresses, which the caller shows this once. */
export function useCreateFeedToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["feed-token", "create"],
    mutationFn: createFeedToken,
    onSuccess: (created) => queryClient.setQueryData<FeedTokenStatus>(feedTokenKey, { created_at: created.created_at }),
  });
}

/** `DELETE /me/feed-token`: the addresses stop working at once. */
export function useRevokeFeedToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["feed-token", "revoke"],
    mutationFn: revokeFeedToken,
    onSuccess: () => queryClient.setQueryData<FeedTokenStatus>(feedTokenKey, { created_at: null }),
  });
}
