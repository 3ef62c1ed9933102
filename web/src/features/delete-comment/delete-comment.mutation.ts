import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commentKeys, deleteComment, removeComment } from "@/entities/comment";
import { findCachedPost, patchPostEverywhere, postKeys } from "@/entities/post";

export function useDeleteComment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["delete-comment"],
    mutationFn: ({ commentId }: { commentId: number; postId: number }) => deleteComment(commentId),
    onSuccess: (_nothing, { commentId, postId }) => {
      // As the server does it: replies stay under a "[deleted]" placeholder; a comment without any
      // goes (with placeholders left empty above it). The post counts one comment fewer either way.
      const outcome = removeComment(queryClient, postId, commentId);
      const post = findCachedPost(queryClient, postId);
      if (post && outcome !== "absent") {
        patchPostEverywhere(queryClient, postId, { comment_count: Math.max(0, post.comment_count - 1) });
      }
      // Someone may have replied meanwhile: fetch the truth in the background.
      void queryClient.invalidateQueries({ queryKey: commentKeys.thread(postId) });
      void queryClient.invalidateQueries({ queryKey: postKeys.detail(postId) });
    },
  });
}
