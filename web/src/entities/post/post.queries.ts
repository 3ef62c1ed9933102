import { queryOptions } from "@tanstack/react-query";
import type { PostCard, SearchResult } from "@/shared/api";
import { cursorListOptions, useCursorList } from "@/shared/lib";
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

/** One entry of a post list: a bare card, or (in search) a card with its highlighted fragments. */
export type PostListItem = PostCard | SearchResult;

/** The highlighted fragments of a search result: server-made HTML, `<b>` around the matches. */
export type PostHighlight = { titleHtml: string; snippetHtml: string };

export function isSearchResult(item: PostListItem): item is SearchResult {
  return "post" in item && typeof item.post === "object" && item.post !== null;
}

/** The card inside a list entry. */
export const postOf = (item: PostListItem): PostCard => (isSearchResult(item) ? item.post : item);

export const highlightOf = (item: PostListItem): PostHighlight | undefined =>
  isSearchResult(item) ? { titleHtml: item.title_html, snippetHtml: item.snippet_html } : undefined;

const pageFetcher = (scope: PostListScope) => (cursor: string | undefined, signal: AbortSignal) =>
  fetchPostPage(scope, { cursor, signal });

/** The query `usePostList` runs, to fill the cache before a list is drawn (app/first-paint.ts). */
export const postListQuery = (scope: PostListScope) => cursorListOptions<PostListItem>(postKeys.list(scope), pageFetcher(scope));

export function usePostList(scope: PostListScope, options: { enabled?: boolean } = {}) {
  return useCursorList<PostListItem>(postKeys.list(scope), pageFetcher(scope), options);
}
