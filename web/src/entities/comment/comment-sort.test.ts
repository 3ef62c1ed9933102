import { describe, expect, it } from "vitest";
import { makeComment } from "@/test/fixtures";
import { commentPath, commentSort, countReplies, sortCommentTree } from "./comment-sort";

const at = (minute: number) => `2026-11-26T10:${String(minute).padStart(2, "0")}:00Z`;
const thread = [
  makeComment(1, {
    created_at: at(1),
    like_count: 1,
    replies: [
      makeComment(11, { ref_id: 1, created_at: at(5), like_count: 0 }),
      makeComment(12, { ref_id: 1, created_at: at(6), like_count: 4, replies: [makeComment(121, { ref_id: 12 })] }),
    ],
  }),
  makeComment(2, { created_at: at(2), like_count: 5 }),
  makeComment(3, { created_at: at(3), like_count: 1 }),
];
const ids = (comments: typeof thread) => comments.map((comment) => comment.id);

describe("sortCommentTree", () => {
  it("orders every level: oldest, newest, most liked (ties by age)", () => {
    expect(ids(sortCommentTree(thread, "oldest"))).toEqual([1, 2, 3]);
    const newest = sortCommentTree(thread, "newest");
    expect(ids(newest)).toEqual([3, 2, 1]);
    expect(ids(newest[2]!.replies)).toEqual([12, 11]);
    const liked = sortCommentTree(thread, "liked");
    expect(ids(liked)).toEqual([2, 1, 3]);
    expect(ids(liked[1]!.replies)).toEqual([12, 11]);
  });

  it("leaves the cached thread as it was", () => {
    const before = JSON.stringify(thread);
    sortCommentTree(thread, "newest");
    expect(JSON.stringify(thread)).toBe(before);
  });
});

describe("commentPath and countReplies", () => {
  it("gives the ancestors of a nested comment, [] for a top-level one, null when absent", () => {
    expect(commentPath(thread, 121)).toEqual([1, 12]);
    expect(commentPath(thread, 2)).toEqual([]);
    expect(commentPath(thread, 99)).toBeNull();
  });

  it("counts replies at every depth", () => {
    expect(countReplies(thread[0]!)).toBe(3);
    expect(countReplies(thread[1]!)).toBe(0);
  });
});

describe("commentSort", () => {
  it("is remembered in localStorage, and an unknown stored value reads as oldest", () => {
    expect(commentSort.get()).toBe("oldest");
    commentSort.set("liked");
    expect(localStorage.getItem("tidings.comment-sort")).toBe("liked");
    expect(commentSort.get()).toBe("liked");
    localStorage.setItem("tidings.comment-sort", "random");
    expect(commentSort.get()).toBe("oldest");
  });
});
