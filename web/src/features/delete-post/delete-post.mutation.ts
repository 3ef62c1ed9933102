import { useMutation, useQueryClient } from "@tanstack/react-query";
import { deletePost, removePostEverywhere } from "@/entities/post";

export function useDeletePost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["delete-post"],
    mutationFn: (postId: number) => deletePost(postId),
    onSuccess: (_nothing, postId) => removePostEverywhere(queryClient, postId),
  });
}
