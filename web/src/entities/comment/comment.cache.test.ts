import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { CommentPage } from "@/shared/api";
import { makeComment } from "@/test/fixtures";
import { testQueryClient } from "@/test/render";
import { findComment, insertComment, patchComment, removeComment, replaceCommentText } from "./comment.cache";
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

  it("keeps a deleted comment that has replies as a [deleted] placeholder, its replies intact", () => {
    const { queryClient, read } = seed();
    patchComment(queryClient, 1, 1, { liked: true, like_count: 4 });
    expect(removeComment(queryClient, 1, 1)).toBe("placeholder");
    const placeholder = read()[0]!;
    expect(placeholder).toMatchObject({
      id: 1,
      deleted: true,
      content: "",
      content_html: "",
      like_count: 0,
      liked: false,
      author: { name: "[deleted]", nickname: "", avatar: "", avatar_small: "" },
    });
    expect(placeholder.replies.map((c) => c.id)).toEqual([2]);
    expect(read().map((c) => c.id)).toEqual([1, 3]);
  });

  it("removes a comment without replies, and the placeholders it leaves without any", () => {
    const { queryClient, read } = seed();
    expect(removeComment(queryClient, 1, 3)).toBe("removed");
    expect(read().map((c) => c.id)).toEqual([1]);
    // 1 becomes a placeholder for its reply 2; deleting 2 leaves it empty, so it goes as well.
    removeComment(queryClient, 1, 1);
    expect(removeComment(queryClient, 1, 2)).toBe("removed");
    expect(read()).toEqual([]);
    expect(removeComment(queryClient, 1, 2)).toBe("absent");
  });

  it("removing a reply keeps a placeholder that still has other replies", () => {
    const { queryClient, read } = seed();
    insertComment(queryClient, makeComment(4, { ref_id: 1 }));
    removeComment(queryClient, 1, 1);
    removeComment(queryClient, 1, 2);
    expect(read()[0]).toMatchObject({ id: 1, deleted: true });
    expect(read()[0]!.replies.map((c) => c.id)).toEqual([4]);
  });

  it("an edit replaces the text and edited_at, and keeps the replies already loaded", () => {
    const { queryClient, read } = seed();
    replaceCommentText(
      queryClient,
      makeComment(1, {
        content: "better",
        content_html: "<p>better</p>",
        edited_at: "2026-11-26T11:00:00Z",
        replies: [], // the server sends an edited comment without its replies
      }),
    );
    expect(read()[0]).toMatchObject({ content: "better", content_html: "<p>better</p>", edited_at: "2026-11-26T11:00:00Z" });
    expect(read()[0]!.replies.map((c) => c.id)).toEqual([2]);
  });
});
