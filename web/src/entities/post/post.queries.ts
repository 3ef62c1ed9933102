import { queryOptions } from "@tanstack/react-query";
import type { PostCard, SearchHit } from "@/shared/api";
import { useCursorList } from "@/shared/lib";
import { fetchPost, fetchPostPage, type PostListScope } from "./post.api";

/** Every query that holds posts lives under `postKeys.all`, so one walk finds every copy of a post. */
export const postKeys = {
  all: ["posts"] as const,
  lists: () => [...postKeys.all, "list"] as const,
  list: (scope: PostListScope) => [...postKeys.lists(), scope] as const,
  detail: (id: number) => [...postKeys.all, "detail", id] as const,
};

export const postQuery = (id: number) =>
  queryOptions({ queryKey: postKeys.detail(id), queryFn: ({ signal }) => fetchPost(id, signal) });

export function usePostList(scope: PostListScope, options: { enabled?: boolean } = {}) {
  return useCursorList<PostCard | SearchHit>(
    postKeys.list(scope),
    (cursor, signal) => fetchPostPage(scope, { cursor, signal }),
    options,
  );
}
