import type { Comment } from "@/shared/api";
import { useCursorList } from "@/shared/lib";
import { fetchCommentPage } from "./comment.api";
import type { CommentSort } from "./comment-sort";

export const commentKeys = {
  all: ["comments"] as const,
  /** A post's threads in every order (a prefix: edits and invalidations reach them all). */
  thread: (postId: number) => [...commentKeys.all, "thread", postId] as const,
  sorted: (postId: number, sort: CommentSort) => [...commentKeys.thread(postId), sort] as const,
};

/** A post's thread in `sort` order, paged by the server (each order pages to its end). */
export function useCommentThread(postId: number, sort: CommentSort = "oldest") {
  // Switching the order keeps the loaded comments on screen (re-sorted here) until the
  // server's page in the new order arrives.
  return useCursorList<Comment>(
    commentKeys.sorted(postId, sort),
    (cursor, signal) => fetchCommentPage(postId, sort, cursor, signal),
    { keepPreviousOf: (previous) => previous[2] === postId },
  );
}
