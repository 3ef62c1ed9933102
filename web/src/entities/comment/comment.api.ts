import { api, unwrap, unwrapEmpty } from "@/shared/api";
import { PAGE_SIZE } from "@/shared/config";
import type { CommentSort } from "./comment-sort";

/** The server's name for each order; the default (oldest) is left out of the query, so the
 * first page's key matches the answer the server embeds in the page. */
const SERVER_SORT = { oldest: undefined, newest: "newest", liked: "top" } as const;

export const fetchCommentPage = (postId: number, sort: CommentSort, cursor: string | undefined, signal: AbortSignal) =>
  unwrap(
    api.GET("/api/v1/posts/{id}/comments", {
      params: { path: { id: postId }, query: { cursor, limit: PAGE_SIZE, sort: SERVER_SORT[sort] } },
      signal,
    }),
  );

export const createComment = (postId: number, content: string, refId: number) =>
  unwrap(api.POST("/api/v1/posts/{id}/comments", { params: { path: { id: postId } }, body: { content, ref_id: refId } }));

/** Replaces the text of your own comment; answers the comment without its replies. */
export const updateComment = (id: number, content: string) =>
  unwrap(api.PATCH("/api/v1/comments/{id}", { params: { path: { id } }, body: { content } }));

export const deleteComment = (id: number) => unwrapEmpty(api.DELETE("/api/v1/comments/{id}", { params: { path: { id } } }));

export const setCommentLike = (id: number, on: boolean) =>
  on
    ? unwrap(api.PUT("/api/v1/comments/{id}/like", { params: { path: { id } } }))
    : unwrap(api.DELETE("/api/v1/comments/{id}/like", { params: { path: { id } } }));
