import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { PostPage, SearchPage } from "@/shared/api";
import { makePost, page } from "@/test/fixtures";
import { testQueryClient } from "@/test/render";
import { findCachedPost, patchPostEverywhere, removePostEverywhere } from "./post.cache";
import { postKeys } from "./post.queries";

const searchScope = { kind: "search", q: "post" } as const;

function seed() {
  const queryClient = testQueryClient();
  const latest: InfiniteData<PostPage, string | undefined> = {
    pages: [page([makePost(1), makePost(2)])],
    pageParams: [undefined],
  };
  const found: InfiniteData<SearchPage, string | undefined> = {
    pages: [
      {
        items: [
          { post: makePost(2), title_html: "<b>Post</b> 2", snippet_html: "" },
          { post: makePost(3), title_html: "<b>Post</b> 3", snippet_html: "a <b>post</b>" },
        ],
        next_cursor: null,
      },
    ],
    pageParams: [undefined],
  };
  queryClient.setQueryData(postKeys.list({ kind: "latest" }), latest);
  queryClient.setQueryData(postKeys.list(searchScope), found);
  const latestCards = () => queryClient.getQueryData<InfiniteData<PostPage>>(postKeys.list({ kind: "latest" }))!.pages[0]!.items;
  const results = () => queryClient.getQueryData<InfiniteData<SearchPage>>(postKeys.list(searchScope))!.pages[0]!.items;
  return { queryClient, latestCards, results };
}

describe("post cache with search results", () => {
  it("patches the card inside a search result, keeping its highlights and untouched entries", () => {
    const { queryClient, latestCards, results } = seed();
    const untouched = results()[1];
    patchPostEverywhere(queryClient, 2, { liked: true, like_count: 9 });
    expect(latestCards()[1]).toMatchObject({ id: 2, liked: true, like_count: 9 });
    expect(results()[0]).toMatchObject({ post: { id: 2, liked: true, like_count: 9 }, title_html: "<b>Post</b> 2" });
    expect(results()[1]).toBe(untouched);
  });

  it("finds a post that is only cached as a search result, and removes it from search results too", () => {
    const { queryClient, latestCards, results } = seed();
    expect(findCachedPost(queryClient, 3)).toMatchObject({ id: 3, title: "Post 3" });
    removePostEverywhere(queryClient, 2);
    expect(latestCards().map((p) => p.id)).toEqual([1]);
    expect(results().map((r) => r.post.id)).toEqual([3]);
  });
});
