import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commentKeys, replaceCommentText, updateComment } from "@/entities/comment";
import { postKeys } from "@/entities/post";
import { ApiError, toApiError } from "@/shared/api";

export type EditCommentVariables = { commentId: number; postId: number; content: string };

/** This form's wording for the answers that mean something particular when editing. */
function editError(error: unknown): unknown {
  const apiError = toApiError(error);
  const say = (message: string) => new ApiError(apiError.status, apiError.code, message, apiError.fields, apiError.serverMessage);
  if (apiError.status === 404) return say("This comment has been deleted, so it can no longer be edited.");
  if (apiError.code === "not_allowed") return say("Only the person who wrote a comment can edit it.");
  if (apiError.code === "comments_closed")
    return say("The author has turned comments off for this post, so comments can no longer be edited.");
  return error;
}

export function useEditComment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["edit-comment"],
    mutationFn: ({ commentId, content }: EditCommentVariables) =>
      updateComment(commentId, content).catch((error: unknown) => {
        throw editError(error);
      }),
    onSuccess: (comment) => replaceCommentText(queryClient, comment),
    onError: (error, { postId }) => {
      const { status, code } = toApiError(error);
      // The thread or the post changed under us (deleted, comments closed): show what is true now.
      if (status === 404) void queryClient.invalidateQueries({ queryKey: commentKeys.thread(postId) });
      if (code === "comments_closed") void queryClient.invalidateQueries({ queryKey: postKeys.detail(postId) });
    },
  });
}
