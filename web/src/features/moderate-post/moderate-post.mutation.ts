import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commentKeys } from "@/entities/comment";
import { invalidateModeration, moderatePost, type PostModeration } from "@/entities/moderation";
import { postKeys, removePostFromLists } from "@/entities/post";

export type ModeratePostVariables = { postId: number; action: PostModeration; reason: string };

/**
 * Removes, restores, locks or unlocks a post. A removed post leaves every cached list at once (the
 * server leaves it out of lists from now on); its page stays, and is asked again, for the
 * moderator sees it with its removal. The queue and the log are asked again too.
 */
export function useModeratePost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["moderate-post"],
    mutationFn: ({ postId, action, reason }: ModeratePostVariables) => moderatePost(postId, action, reason),
    onSuccess: (_entry, { postId, action }) => {
      if (action === "remove") removePostFromLists(queryClient, postId);
      void queryClient.invalidateQueries({ queryKey: action === "remove" ? postKeys.detail(postId) : postKeys.all });
      void queryClient.invalidateQueries({ queryKey: commentKeys.thread(postId) });
      void invalidateModeration(queryClient);
    },
  });
}
