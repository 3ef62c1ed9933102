//! How a thread is ordered (oldest, newest, most liked), remembered per browser. The server
//! orders the top-level comments and pages through them in that order; replies among their
//! siblings are ordered the same way here.
import type { Comment } from "@/shared/api";
import { createPreference } from "@/shared/lib";

export const COMMENT_SORTS = ["oldest", "newest", "liked"] as const;
export type CommentSort = (typeof COMMENT_SORTS)[number];
export const COMMENT_SORT_LABELS: Record<CommentSort, string> = { oldest: "Oldest", newest: "Newest", liked: "Most liked" };

export const commentSort = createPreference<CommentSort>("tidings.comment-sort", COMMENT_SORTS, "oldest");

const time = (comment: Comment) => Date.parse(comment.created_at);
// Ids grow with time, so they settle ties (and bad dates) the same way every render.
const ORDER: Record<CommentSort, (a: Comment, b: Comment) => number> = {
  oldest: (a, b) => time(a) - time(b) || a.id - b.id,
  newest: (a, b) => time(b) - time(a) || b.id - a.id,
  liked: (a, b) => b.like_count - a.like_count || time(a) - time(b) || a.id - b.id,
};

/** The thread in `sort` order, at every level (replies among their siblings). Never mutates. */
export function sortCommentTree(comments: Comment[], sort: CommentSort): Comment[] {
  return [...comments]
    .sort(ORDER[sort])
    .map((comment) => (comment.replies?.length ? { ...comment, replies: sortCommentTree(comment.replies, sort) } : comment));
}

/** The ids of `id`'s ancestors (outermost first) and whether it is in the tree at all. */
export function commentPath(comments: Comment[], id: number): number[] | null {
  for (const comment of comments) {
    if (comment.id === id) return [];
    const below = commentPath(comment.replies ?? [], id);
    if (below) return [comment.id, ...below];
  }
  return null;
}

/** How many comments are under this one, however deep. */
export function countReplies(comment: Comment): number {
  return (comment.replies ?? []).reduce((sum, reply) => sum + 1 + countReplies(reply), 0);
}
