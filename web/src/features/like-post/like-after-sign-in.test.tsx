import { fireEvent, screen, waitFor } from "@testing-library/react";
import { Route, Routes, useLocation } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";
import { postKeys, useFinishPendingPostAction } from "@/entities/post";
import { sessionTokens, type PostDetail } from "@/shared/api";
import { hasPendingAction } from "@/shared/lib";
import { makeDetail, makePost } from "@/test/fixtures";
import { json, mockApi } from "@/test/mock-api";
import { renderHookWithProviders, renderWithProviders, testQueryClient } from "@/test/render";
import { LikePostButton } from "./like-post.ui";

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search}</p>;
}

describe("a visitor's Like click", () => {
  beforeEach(() => {
    sessionTokens.set(null);
    sessionStorage.clear();
  });

  it("leads to sign-in and is remembered, not sent", () => {
    const { fetchMock } = mockApi({});
    renderWithProviders(
      <Routes>
        <Route path="/posts/:id" element={<LikePostButton post={makePost(12)} />} />
        <Route path="/signin" element={<Where />} />
      </Routes>,
      { path: "/posts/12" },
    );
    fireEvent.click(screen.getByRole("button", { name: /Like/ }));
    expect(screen.getByTestId("where")).toHaveTextContent("/signin?next=%2Fposts%2F12");
    expect(hasPendingAction()).toBe(true);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("is finished once signed in: one PUT, the cached post shows the like, and it runs once", async () => {
    const queryClient = testQueryClient();
    queryClient.setQueryData(postKeys.detail(12), makeDetail(12));
    let likes = 0;
    mockApi({
      "PUT /posts/{id}/like": (_request, { id }) => {
        likes += 1;
        expect(id).toBe("12");
        return json({ active: true, count: 4 });
      },
    });
    // Clicked while signed out…
    renderWithProviders(
      <Routes>
        <Route path="*" element={<LikePostButton post={makePost(12)} />} />
      </Routes>,
      { queryClient },
    );
    fireEvent.click(screen.getByRole("button", { name: /Like/ }));
    // …then signed in.
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    const { rerender } = renderHookWithProviders(() => useFinishPendingPostAction(true), { queryClient });
    await waitFor(() =>
      expect(queryClient.getQueryData<PostDetail>(postKeys.detail(12))).toMatchObject({ liked: true, like_count: 4 }),
    );
    rerender();
    expect(likes).toBe(1);
    expect(hasPendingAction()).toBe(false);
  });
});
