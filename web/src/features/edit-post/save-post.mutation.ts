import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createPost, postKeys, updatePost } from "@/entities/post";
import { tagKeys } from "@/entities/tag";
import type { CreatePostRequest, PostDetail, UpdatePostRequest } from "@/shared/api";

export function useCreatePost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["create-post"],
    mutationFn: (body: CreatePostRequest) => createPost(body),
    onSuccess: (post: PostDetail) => {
      queryClient.setQueryData(postKeys.detail(post.id), post);
      void queryClient.invalidateQueries({ queryKey: postKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: tagKeys.all });
    },
  });
}

export function useUpdatePost(postId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["update-post", postId],
    mutationFn: (body: UpdatePostRequest) => updatePost(postId, body),
    onSuccess: (post: PostDetail) => {
      queryClient.setQueryData(postKeys.detail(post.id), post);
      void queryClient.invalidateQueries({ queryKey: postKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: tagKeys.all });
    },
  });
}
