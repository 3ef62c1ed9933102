import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createComment, insertComment } from "@/entities/comment";
import { findCachedPost, patchPostEverywhere } from "@/entities/post";

export type CreateCommentVariables = { postId: number; content: string; refId?: number };

export function useCreateComment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["create-comment"],
    mutationFn: ({ postId, content, refId }: CreateCommentVariables) => createComment(postId, content, refId ?? 0),
    onSuccess: (comment, { postId }) => {
      insertComment(queryClient, comment);
      const post = findCachedPost(queryClient, postId);
      if (post) patchPostEverywhere(queryClient, postId, { comment_count: post.comment_count + 1 });
    },
  });
}
