import { useMutation, useQueryClient } from "@tanstack/react-query";
import { patchComment, setCommentLike } from "@/entities/comment";
import type { Comment } from "@/shared/api";

export type LikeCommentVariables = { comment: Pick<Comment, "id" | "post_id" | "liked" | "like_count">; on: boolean };

export function useLikeComment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["like-comment"],
    meta: { errorToast: "Could not save your like." },
    mutationFn: ({ comment, on }: LikeCommentVariables) => setCommentLike(comment.id, on),
    onMutate: ({ comment, on }) => {
      const delta = on === comment.liked ? 0 : on ? 1 : -1;
      patchComment(queryClient, comment.post_id, comment.id, { liked: on, like_count: Math.max(0, comment.like_count + delta) });
    },
    onError: (_error, { comment }) => {
      patchComment(queryClient, comment.post_id, comment.id, { liked: comment.liked, like_count: comment.like_count });
    },
    onSuccess: (state, { comment }) => {
      patchComment(queryClient, comment.post_id, comment.id, { liked: state.active, like_count: state.count });
    },
  });
}
