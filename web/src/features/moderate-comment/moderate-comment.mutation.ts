import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commentKeys } from "@/entities/comment";
import { invalidateModeration, moderateComment, type CommentModeration } from "@/entities/moderation";
import { postKeys } from "@/entities/post";

export type ModerateCommentVariables = { commentId: number; postId: number; action: CommentModeration; reason: string };

/**
 * Removes or restores a comment. The thread is asked again (the comment keeps its place, as
 * `[removed]` for others), and so is the post, whose comment count stops or starts counting it.
 */
export function useModerateComment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["moderate-comment"],
    mutationFn: ({ commentId, action, reason }: ModerateCommentVariables) => moderateComment(commentId, action, reason),
    onSuccess: (_entry, { postId }) => {
      void queryClient.invalidateQueries({ queryKey: commentKeys.thread(postId) });
      void queryClient.invalidateQueries({ queryKey: postKeys.detail(postId) });
      void invalidateModeration(queryClient);
    },
  });
}
