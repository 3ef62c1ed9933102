import type { InfiniteData } from "@tanstack/react-query";
import { act, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { postKeys } from "@/entities/post";
import { userKeys } from "@/entities/user";
import { sessionTokens, type PostPage, type UserProfile } from "@/shared/api";
import { makePost, page } from "@/test/fixtures";
import { apiError, mockApi } from "@/test/mock-api";
import { renderHookWithProviders, testQueryClient } from "@/test/render";
import { useFollowUser } from "./follow-user.mutation";

const profile = {
  id: 102,
  name: "author2",
  nickname: "",
  bio: "",
  website: "",
  company: "",
  avatar: "",
  avatar_small: "",
  created_at: "2026-11-26T10:00:00Z",
  stats: { follower_count: 4, following_count: 0, post_count: 2 },
  followed: false,
} as UserProfile;

function seed() {
  const queryClient = testQueryClient();
  const list: InfiniteData<PostPage, string | undefined> = {
    pages: [page([makePost(1), makePost(2), makePost(3, { author: makePost(2).author })])],
    pageParams: [undefined],
  };
  queryClient.setQueryData(postKeys.list({ kind: "latest" }), list);
  queryClient.setQueryData(userKeys.profile("author2"), profile);
  const cards = () => queryClient.getQueryData<InfiniteData<PostPage>>(postKeys.list({ kind: "latest" }))!.pages[0]!.items;
  const shownProfile = () => queryClient.getQueryData<UserProfile>(userKeys.profile("author2"))!;
  return { queryClient, cards, shownProfile };
}

describe("useFollowUser", () => {
  beforeEach(() => sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 }));

  it("marks every card by that author and the profile as followed", async () => {
    const { queryClient, cards, shownProfile } = seed();
    mockApi({ "PUT /users/{id}/follow": () => ({ following: true, follower_count: 5 }) });
    const { result } = renderHookWithProviders(() => useFollowUser(), { queryClient });
    act(() => result.current.mutate({ userId: 102, on: true, previous: { followed: false, followerCount: 4 } }));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(cards().map((p) => p.author_followed)).toEqual([false, true, true]);
    expect(shownProfile()).toMatchObject({ followed: true, stats: { follower_count: 5 } });
  });

  it("puts everything back when the server refuses", async () => {
    const { queryClient, cards, shownProfile } = seed();
    mockApi({ "PUT /users/{id}/follow": () => apiError(500, "internal_error", "boom") });
    const { result } = renderHookWithProviders(() => useFollowUser(), { queryClient });
    act(() => result.current.mutate({ userId: 102, on: true, previous: { followed: false, followerCount: 4 } }));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(cards().map((p) => p.author_followed)).toEqual([false, false, false]);
    expect(shownProfile()).toMatchObject({ followed: false, stats: { follower_count: 4 } });
  });
});
