import { useMutation, useQueryClient } from "@tanstack/react-query";
import { patchAuthorEverywhere, postKeys } from "@/entities/post";
import { meKey } from "@/entities/session";
import { patchFollowEverywhere, setFollow, userKeys } from "@/entities/user";
import type { Me } from "@/shared/api";

export type FollowVariables = { userId: number; on: boolean; previous: { followed: boolean; followerCount?: number } };

/** Follow or unfollow: the profile, user lists and every card by that author change together. */
export function useFollowUser() {
  const queryClient = useQueryClient();
  const apply = (userId: number, followed: boolean, followerCount?: number) => {
    patchFollowEverywhere(queryClient, userId, followed, followerCount);
    patchAuthorEverywhere(queryClient, userId, { author_followed: followed });
  };
  const adjustMyFollowing = (delta: number) =>
    queryClient.setQueryData<Me>(meKey, (me) =>
      me ? { ...me, stats: { ...me.stats, following_count: Math.max(0, me.stats.following_count + delta) } } : me,
    );
  return useMutation({
    mutationKey: ["follow-user"],
    meta: { errorToast: "Could not update the follow." },
    mutationFn: ({ userId, on }: FollowVariables) => setFollow(userId, on),
    onMutate: ({ userId, on, previous }) => {
      if (on === previous.followed) return;
      const count = previous.followerCount === undefined ? undefined : Math.max(0, previous.followerCount + (on ? 1 : -1));
      apply(userId, on, count);
      adjustMyFollowing(on ? 1 : -1);
    },
    onError: (_error, { userId, on, previous }) => {
      if (on === previous.followed) return;
      apply(userId, previous.followed, previous.followerCount);
      adjustMyFollowing(on ? -1 : 1);
    },
    onSuccess: (state, { userId }) => {
      apply(userId, state.following, state.follower_count);
      const me = queryClient.getQueryData<Me>(meKey);
      void queryClient.invalidateQueries({ queryKey: userKeys.list("followers", userId) });
      if (me) void queryClient.invalidateQueries({ queryKey: userKeys.list("following", me.id) });
      void queryClient.invalidateQueries({ queryKey: postKeys.list({ kind: "feed" }) });
    },
  });
}
