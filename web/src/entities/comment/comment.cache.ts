//! Edits to the cached comment tree of a post: top-level comments in pages, replies nested.
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { AvatarPatch } from "@/shared/lib";
import type { Comment, CommentPage } from "@/shared/api";
import { commentKeys } from "./comment.queries";

type Thread = InfiniteData<CommentPage, string | undefined>;

function mapTree(comments: Comment[], update: (comment: Comment) => Comment | null): Comment[] {
  let changed = false;
  const next: Comment[] = [];
  for (const comment of comments) {
    const replies = comment.replies?.length ? mapTree(comment.replies, update) : comment.replies;
    const withReplies = replies === comment.replies ? comment : { ...comment, replies };
    const updated = update(withReplies);
    if (updated !== comment) changed = true;
    if (updated) next.push(updated);
  }
  return changed ? next : comments;
}

function editThread(queryClient: QueryClient, postId: number, edit: (thread: Thread) => Thread) {
  // Every order of the thread that is cached (the key is a prefix of each).
  queryClient.setQueriesData<Thread>({ queryKey: commentKeys.thread(postId) }, (thread) => (thread ? edit(thread) : thread));
}

function mapThread(queryClient: QueryClient, postId: number, update: (comment: Comment) => Comment | null) {
  editThread(queryClient, postId, (thread) => {
    const pages = thread.pages.map((page) => {
      const items = mapTree(page.items, update);
      return items === page.items ? page : { ...page, items };
    });
    return pages.every((page, index) => page === thread.pages[index]) ? thread : { ...thread, pages };
  });
}

export function patchComment(
  queryClient: QueryClient,
  postId: number,
  commentId: number,
  patch: Partial<Pick<Comment, "liked" | "like_count">>,
) {
  mapThread(queryClient, postId, (comment) => (comment.id === commentId ? { ...comment, ...patch } : comment));
}

export function findComment(queryClient: QueryClient, postId: number, commentId: number): Comment | undefined {
  let found: Comment | undefined;
  mapThread(queryClient, postId, (comment) => {
    if (comment.id === commentId) found = comment;
    return comment;
  });
  return found;
}

/** Puts a new comment where it belongs: under its parent, or at the end of the loaded thread. */
export function insertComment(queryClient: QueryClient, comment: Comment) {
  const created = { ...comment, replies: comment.replies ?? [] };
  if (comment.ref_id) {
    mapThread(queryClient, comment.post_id, (parent) =>
      parent.id === comment.ref_id && !parent.replies?.some((reply) => reply.id === comment.id)
        ? { ...parent, replies: [...(parent.replies ?? []), created] }
        : parent,
    );
    return;
  }
  editThread(queryClient, comment.post_id, (thread) => {
    const last = thread.pages.at(-1);
    // With more pages still to load, the new comment will arrive at the end of those.
    if (!last || last.next_cursor) return thread;
    if (thread.pages.some((page) => page.items.some((item) => item.id === comment.id))) return thread;
    return { ...thread, pages: [...thread.pages.slice(0, -1), { ...last, items: [...last.items, created] }] };
  });
}

/** A change to how an author looks (a new avatar) shows on their comments in every cached thread. */
export function patchCommentAuthorEverywhere(queryClient: QueryClient, authorId: number, patch: AvatarPatch) {
  queryClient.setQueriesData<Thread>({ queryKey: commentKeys.all }, (thread) => {
    if (!thread?.pages) return thread;
    const update = (comment: Comment) =>
      comment.author.id === authorId ? { ...comment, author: { ...comment.author, ...patch } } : comment;
    const pages = thread.pages.map((page) => {
      const items = mapTree(page.items, update);
      return items === page.items ? page : { ...page, items };
    });
    return pages.every((page, index) => page === thread.pages[index]) ? thread : { ...thread, pages };
  });
}

/**
 * An edited comment from the server (sent without its replies) takes the place of the cached one:
 * new text and `edited_at`, the replies already loaded kept.
 */
export function replaceCommentText(queryClient: QueryClient, edited: Comment) {
  mapThread(queryClient, edited.post_id, (comment) =>
    comment.id === edited.id
      ? {
          ...comment,
          content: edited.content,
          content_html: edited.content_html,
          edited_at: edited.edited_at,
          like_count: edited.like_count,
          liked: edited.liked,
        }
      : comment,
  );
}

/** How a deleted comment that still has replies reads, as the server sends it. */
export function deletedPlaceholder(comment: Comment): Comment {
  return {
    ...comment,
    deleted: true,
    author: { id: comment.author.id, name: "[deleted]", nickname: "", avatar: "", avatar_small: "" },
    content: "",
    content_html: "",
    like_count: 0,
    liked: false,
  };
}

/**
 * What deleting does on the server, applied to the cached thread: a comment with replies becomes
 * a `[deleted]` placeholder and keeps them; one without goes, and so does every placeholder above
 * it left with no replies. Answers which it was ("absent" when the comment is not cached).
 */
export function removeComment(queryClient: QueryClient, postId: number, commentId: number): "placeholder" | "removed" | "absent" {
  const target = findComment(queryClient, postId, commentId);
  if (!target) return "absent";
  if (target.replies?.length) {
    mapThread(queryClient, postId, (comment) => (comment.id === commentId ? deletedPlaceholder(comment) : comment));
    return "placeholder";
  }
  // Children are mapped before their parent, so a placeholder sees its replies after the removal.
  mapThread(queryClient, postId, (comment) =>
    comment.id === commentId || (comment.deleted && !comment.replies?.length) ? null : comment,
  );
  return "removed";
}
