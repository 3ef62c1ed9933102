import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commentKeys, deleteComment, removeComment } from "@/entities/comment";
import { findCachedPost, patchPostEverywhere, postKeys } from "@/entities/post";

export function useDeleteComment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["delete-comment"],
    mutationFn: ({ commentId }: { commentId: number; postId: number }) => deleteComment(commentId),
    onSuccess: (_nothing, { commentId, postId }) => {
      const removed = removeComment(queryClient, postId, commentId);
      const post = findCachedPost(queryClient, postId);
      if (post && removed) patchPostEverywhere(queryClient, postId, { comment_count: Math.max(0, post.comment_count - removed) });
      // The server decides what happens to replies; fetch the truth in the background.
      void queryClient.invalidateQueries({ queryKey: commentKeys.thread(postId) });
      void queryClient.invalidateQueries({ queryKey: postKeys.detail(postId) });
    },
  });
}
