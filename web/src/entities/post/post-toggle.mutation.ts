//! One optimistic toggle for every per-post reaction (like, collect): the card's own flag and
//! count change at once everywhere the post is cached, and go back if the server refuses.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { PostCard, ReactionState } from "@/shared/api";
import { patchPostEverywhere, type PostPatch } from "./post.cache";
import { postKeys } from "./post.queries";

export type PostToggleKind = {
  name: string;
  flag: "liked" | "collected";
  count: "like_count" | "collect_count";
  request: (postId: number, on: boolean) => Promise<ReactionState>;
  /** Shown when the change did not save (after the card has been put back). */
  errorToast: string;
};

export type PostToggleVariables = {
  post: Pick<PostCard, "id" | "liked" | "like_count" | "collected" | "collect_count">;
  on: boolean;
};

export function usePostToggle(kind: PostToggleKind) {
  const queryClient = useQueryClient();
  const patch = (flag: boolean, count: number): PostPatch => ({ [kind.flag]: flag, [kind.count]: Math.max(0, count) });
  return useMutation({
    mutationKey: [kind.name],
    meta: { errorToast: kind.errorToast },
    mutationFn: ({ post, on }: PostToggleVariables) => kind.request(post.id, on),
    onMutate: async ({ post, on }) => {
      // Only the detail query is cancelled: an in-flight "load more" should not be dropped.
      await queryClient.cancelQueries({ queryKey: postKeys.detail(post.id), exact: true });
      const previous = { flag: post[kind.flag], count: post[kind.count] };
      const delta = on === previous.flag ? 0 : on ? 1 : -1;
      patchPostEverywhere(queryClient, post.id, patch(on, previous.count + delta));
      return previous;
    },
    onError: (_error, { post }, previous) => {
      if (previous) patchPostEverywhere(queryClient, post.id, patch(previous.flag, previous.count));
    },
    onSuccess: (state, { post }) => {
      patchPostEverywhere(queryClient, post.id, patch(state.active, state.count));
    },
  });
}
