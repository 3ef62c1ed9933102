import type { Comment } from "@/shared/api";
import { useCursorList } from "@/shared/lib";
import { fetchCommentPage } from "./comment.api";

export const commentKeys = {
  all: ["comments"] as const,
  thread: (postId: number) => [...commentKeys.all, "thread", postId] as const,
};

export function useCommentThread(postId: number) {
  return useCursorList<Comment>(commentKeys.thread(postId), (cursor, signal) => fetchCommentPage(postId, cursor, signal));
}
