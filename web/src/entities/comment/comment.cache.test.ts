import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { CommentPage } from "@/shared/api";
import { makeComment } from "@/test/fixtures";
import { testQueryClient } from "@/test/render";
import { findComment, insertComment, patchComment, removeComment } from "./comment.cache";
import { commentKeys } from "./comment.queries";

function seed(nextCursor: string | null = null) {
  const queryClient = testQueryClient();
  const thread: InfiniteData<CommentPage, string | undefined> = {
    pages: [
      {
        items: [makeComment(1, { replies: [makeComment(2, { ref_id: 1 })] }), makeComment(3)],
        next_cursor: nextCursor,
      } as CommentPage,
    ],
    pageParams: [undefined],
  };
  queryClient.setQueryData(commentKeys.thread(1), thread);
  const read = () => queryClient.getQueryData<InfiniteData<CommentPage>>(commentKeys.thread(1))!.pages[0]!.items;
  return { queryClient, read };
}

describe("comment cache", () => {
  it("puts a reply under its parent, however deep", () => {
    const { queryClient, read } = seed();
    insertComment(queryClient, makeComment(4, { ref_id: 2 }));
    expect(read()[0]!.replies[0]!.replies.map((c) => c.id)).toEqual([4]);
    insertComment(queryClient, makeComment(4, { ref_id: 2 })); // the same comment twice is ignored
    expect(read()[0]!.replies[0]!.replies).toHaveLength(1);
  });

  it("appends a top-level comment only when the whole thread is loaded", () => {
    const loaded = seed();
    insertComment(loaded.queryClient, makeComment(5));
    expect(loaded.read().map((c) => c.id)).toEqual([1, 3, 5]);
    const partial = seed("more");
    insertComment(partial.queryClient, makeComment(5));
    expect(partial.read().map((c) => c.id)).toEqual([1, 3]);
  });

  it("patches one nested comment and leaves its siblings alone", () => {
    const { queryClient, read } = seed();
    const before = read();
    patchComment(queryClient, 1, 2, { liked: true, like_count: 1 });
    expect(findComment(queryClient, 1, 2)).toMatchObject({ liked: true, like_count: 1 });
    expect(read()[1]).toBe(before[1]);
  });

  it("removes a comment with its replies and says how many went", () => {
    const { queryClient, read } = seed();
    expect(removeComment(queryClient, 1, 1)).toBe(2);
    expect(read().map((c) => c.id)).toEqual([3]);
  });
});
