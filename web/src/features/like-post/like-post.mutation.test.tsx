import type { InfiniteData } from "@tanstack/react-query";
import { act, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { postKeys } from "@/entities/post";
import { sessionTokens, type PostDetail, type PostPage } from "@/shared/api";
import { makeDetail, makePost, page } from "@/test/fixtures";
import { apiError, mockApi } from "@/test/mock-api";
import { renderHookWithProviders, testQueryClient } from "@/test/render";
import { useLikePost } from "./like-post.mutation";

const latestKey = postKeys.list({ kind: "latest" });
const tagKey = postKeys.list({ kind: "tag", tag: "rust", sort: "latest" });

function seed() {
  const queryClient = testQueryClient();
  const latest: InfiniteData<PostPage, string | undefined> = {
    pages: [page([makePost(1), makePost(2), makePost(3)], "c1"), page([makePost(4)])],
    pageParams: [undefined, "c1"],
  };
  const tag: InfiniteData<PostPage, string | undefined> = { pages: [page([makePost(2), makePost(5)])], pageParams: [undefined] };
  queryClient.setQueryData(latestKey, latest);
  queryClient.setQueryData(tagKey, tag);
  queryClient.setQueryData(postKeys.detail(2), makeDetail(2));
  return { queryClient, latest, tag };
}

const items = (queryClient: ReturnType<typeof testQueryClient>, key: readonly unknown[]) =>
  queryClient.getQueryData<InfiniteData<PostPage>>(key)!.pages.flatMap((p) => p.items);

describe("useLikePost", () => {
  beforeEach(() => {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
  });

  it("changes only post 2, in every cached list and on its detail page", async () => {
    const { queryClient, latest } = seed();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { seen } = mockApi({
      "PUT /posts/{id}/like": async (_req, { id }) => {
        await gate;
        return { active: true, count: Number(id) + 1 };
      },
    });
    const { result } = renderHookWithProviders(() => useLikePost(), { queryClient });

    act(() => result.current.mutate({ post: makePost(2), on: true }));

    // Optimistic: before the server answers.
    await waitFor(() => expect(items(queryClient, latestKey)[1]).toMatchObject({ id: 2, liked: true, like_count: 3 }));
    const [one, , three] = items(queryClient, latestKey);
    expect(one).toBe(latest.pages[0]!.items[0]); // untouched cards keep their identity
    expect(three).toBe(latest.pages[0]!.items[2]);
    expect(one).toMatchObject({ liked: false, like_count: 1 });
    expect(three).toMatchObject({ liked: false, like_count: 3 });
    expect(items(queryClient, latestKey)[3]).toBe(latest.pages[1]!.items[0]);
    expect(items(queryClient, tagKey)[0]).toMatchObject({ id: 2, liked: true, like_count: 3 });
    expect(items(queryClient, tagKey)[1]).toMatchObject({ id: 5, liked: false });
    expect(queryClient.getQueryData<PostDetail>(postKeys.detail(2))).toMatchObject({ liked: true, like_count: 3 });

    release();
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(["PUT /api/v1/posts/2/like"]);
    expect(seen[0]!.headers.get("Authorization")).toBe("Bearer a");
    expect(items(queryClient, latestKey).map((p) => p.liked)).toEqual([false, true, false, false]);
  });

  it("takes the server's count when it differs from the guess", async () => {
    const { queryClient } = seed();
    mockApi({ "PUT /posts/{id}/like": () => ({ active: true, count: 42 }) });
    const { result } = renderHookWithProviders(() => useLikePost(), { queryClient });
    act(() => result.current.mutate({ post: makePost(2), on: true }));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(items(queryClient, latestKey)[1]).toMatchObject({ liked: true, like_count: 42 });
    expect(items(queryClient, tagKey)[0]).toMatchObject({ liked: true, like_count: 42 });
  });

  it("rolls post 2 back everywhere when the server refuses", async () => {
    const { queryClient } = seed();
    mockApi({ "PUT /posts/{id}/like": () => apiError(500, "internal_error", "boom") });
    const { result } = renderHookWithProviders(() => useLikePost(), { queryClient });
    act(() => result.current.mutate({ post: makePost(2), on: true }));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(items(queryClient, latestKey).map((p) => [p.id, p.liked, p.like_count])).toEqual([
      [1, false, 1],
      [2, false, 2],
      [3, false, 3],
      [4, false, 4],
    ]);
    expect(items(queryClient, tagKey)[0]).toMatchObject({ id: 2, liked: false, like_count: 2 });
    expect(queryClient.getQueryData<PostDetail>(postKeys.detail(2))).toMatchObject({ liked: false, like_count: 2 });
  });

  it("unlikes with DELETE and decrements", async () => {
    const { queryClient } = seed();
    queryClient.setQueryData(postKeys.detail(2), makeDetail(2, { liked: true, like_count: 5 }));
    const { seen } = mockApi({ "DELETE /posts/{id}/like": () => ({ active: false, count: 4 }) });
    const { result } = renderHookWithProviders(() => useLikePost(), { queryClient });
    act(() => result.current.mutate({ post: makePost(2, { liked: true, like_count: 5 }), on: false }));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(seen[0]!.method).toBe("DELETE");
    expect(queryClient.getQueryData<PostDetail>(postKeys.detail(2))).toMatchObject({ liked: false, like_count: 4 });
  });
});
