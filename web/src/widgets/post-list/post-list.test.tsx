import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionTokens } from "@/shared/api";
import { makePost, page } from "@/test/fixtures";
import { apiError, mockApi } from "@/test/mock-api";
import { renderWithProviders } from "@/test/render";
import { PostList } from "./post-list.ui";

const me = {
  id: 1,
  name: "me",
  email: "me@example.com",
  nickname: "",
  bio: "",
  website: "",
  company: "",
  avatar: "",
  avatar_small: "",
  confirmed: true,
  created_at: "2026-11-26T10:00:00Z",
  stats: { follower_count: 0, following_count: 0, post_count: 0 },
};

function cardOf(postId: number): HTMLElement {
  const card = document.querySelector<HTMLElement>(`[data-post-id="${postId}"]`);
  if (!card) throw new Error(`no card for post ${postId}`);
  return card;
}

const likeButton = (postId: number) => within(cardOf(postId)).getByRole("button", { name: /^Like/ });
const collectButton = (postId: number) => within(cardOf(postId)).getByRole("button", { name: /^Bookmark/ });

describe("PostList", () => {
  beforeEach(() => {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
  });

  it("renders each card with its own liked / collected / followed flags", async () => {
    mockApi({
      "GET /me": () => me,
      "GET /posts": () =>
        page([
          makePost(1, { liked: true, like_count: 7 }),
          makePost(2, { collected: true, collect_count: 3 }),
          makePost(3, { author_followed: true }),
        ]),
    });
    renderWithProviders(<PostList scope={{ kind: "latest" }} label="Latest" empty={{ title: "none" }} />);
    await screen.findByText("Post 3");

    expect(likeButton(1)).toHaveAttribute("aria-pressed", "true");
    expect(likeButton(1)).toHaveAccessibleName("Like (7)");
    expect(likeButton(2)).toHaveAttribute("aria-pressed", "false");
    expect(likeButton(3)).toHaveAttribute("aria-pressed", "false");
    expect(collectButton(1)).toHaveAttribute("aria-pressed", "false");
    expect(collectButton(2)).toHaveAttribute("aria-pressed", "true");
    expect(collectButton(2)).toHaveAccessibleName("Bookmark (3)");
    await waitFor(() =>
      expect(within(cardOf(3)).getByRole("button", { name: "Following author3" })).toHaveAttribute("aria-pressed", "true"),
    );
    expect(within(cardOf(1)).getByRole("button", { name: "Follow author1" })).toHaveAttribute("aria-pressed", "false");
  });

  it("liking the second card changes only the second card; a failure puts it back", async () => {
    let fail = false;
    mockApi({
      "GET /me": () => me,
      "GET /posts": () => page([makePost(1), makePost(2), makePost(3)], null),
      "PUT /posts/{id}/like": (_req, { id }) =>
        fail ? apiError(503, "service_unavailable", "down") : { active: true, count: Number(id) + 1 },
    });
    renderWithProviders(<PostList scope={{ kind: "latest" }} label="Latest" empty={{ title: "none" }} />);
    await screen.findByText("Post 2");

    fireEvent.click(likeButton(2));
    await waitFor(() => expect(likeButton(2)).toHaveAttribute("aria-pressed", "true"));
    expect(likeButton(2)).toHaveAccessibleName("Like (3)");
    expect(likeButton(1)).toHaveAttribute("aria-pressed", "false");
    expect(likeButton(1)).toHaveAccessibleName("Like (1)");
    expect(likeButton(3)).toHaveAttribute("aria-pressed", "false");
    expect(likeButton(3)).toHaveAccessibleName("Like (3)");

    fail = true;
    fireEvent.click(likeButton(3));
    await waitFor(() => expect(likeButton(3)).toHaveAttribute("aria-pressed", "false"));
    await waitFor(() => expect(likeButton(3)).not.toHaveAttribute("aria-busy"));
    expect(likeButton(3)).toHaveAccessibleName("Like (3)");
    expect(likeButton(2)).toHaveAttribute("aria-pressed", "true");
  });

  it("shows an empty state, an error state and a Load more button", async () => {
    let calls = 0;
    mockApi({
      "GET /me": () => me,
      "GET /posts": (request) => {
        calls += 1;
        const cursor = new URL(request.url).searchParams.get("cursor");
        return cursor ? page([makePost(9)]) : page([makePost(8)], "next");
      },
      "GET /users/{id}/likes": () => page([]),
      "GET /users/{id}/collects": () => apiError(500, "internal_error", "Something broke"),
    });
    const { unmount } = renderWithProviders(<PostList scope={{ kind: "latest" }} label="Latest" empty={{ title: "none" }} />);
    await screen.findByText("Post 8");
    fireEvent.click(screen.getByRole("button", { name: "Load more posts" }));
    await screen.findByText("Post 9");
    expect(screen.queryByRole("button", { name: "Load more posts" })).toBeNull();
    expect(calls).toBe(2);
    unmount();

    renderWithProviders(
      <PostList scope={{ kind: "user-likes", userId: 3 }} label="Likes" empty={{ title: "Nothing liked yet." }} />,
    );
    await screen.findByText("Nothing liked yet.");

    renderWithProviders(<PostList scope={{ kind: "user-collects", userId: 3 }} label="Bookmarks" empty={{ title: "none" }} />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side. Please try again.");
  });

  it("switches to compact rows (title, domain, points, author, age, comments) and remembers the choice", async () => {
    mockApi({
      "GET /me": () => me,
      "GET /posts": () =>
        page([
          makePost(1, { like_count: 7, comment_count: 2, orig_url: "https://www.example.org/a" }),
          makePost(2, { comment_count: 1 }),
        ]),
    });
    const first = renderWithProviders(<PostList scope={{ kind: "latest" }} label="Latest posts" empty={{ title: "None" }} />);
    await screen.findByText("Post 1");
    expect(screen.getByRole("radio", { name: "Cards" })).toBeChecked();
    fireEvent.click(screen.getByRole("radio", { name: "Compact" }));
    const row = cardOf(1);
    expect(row).toHaveClass("post-row");
    expect(row).toHaveTextContent("(example.org)");
    expect(row).toHaveTextContent("2 comments");
    expect(within(row).getByRole("button", { name: "Like (7)" })).toBeInTheDocument();
    expect(within(row).getByRole("link", { name: /Post 1/ })).toHaveAttribute("href", "/posts/1");
    expect(cardOf(2)).toHaveTextContent("1 comment");
    expect(localStorage.getItem("tidings.list-view")).toBe("compact");
    first.unmount();

    renderWithProviders(<PostList scope={{ kind: "latest" }} label="Latest posts" empty={{ title: "None" }} />);
    await screen.findByText("Post 1");
    expect(cardOf(1)).toHaveClass("post-row");
    expect(screen.getByRole("radio", { name: "Compact" })).toBeChecked();
  });

  it("every card and compact row has its own Share menu, last in its actions, for its own post", async () => {
    Object.defineProperty(navigator, "share", { value: undefined, configurable: true, writable: true });
    mockApi({ "GET /me": () => me, "GET /posts": () => page([makePost(1), makePost(2)]) });
    renderWithProviders(<PostList scope={{ kind: "latest" }} label="Latest" empty={{ title: "none" }} />);
    await screen.findByText("Post 2");
    const share = (postId: number) => within(cardOf(postId)).getByRole("button", { name: "Share" });
    // Last, after the comments link: the server's first paint keeps that place for it (styles.css).
    expect(cardOf(1).querySelector(".actions > :last-child")).toContainElement(share(1));
    fireEvent.click(share(2));
    const menu = await within(cardOf(2)).findByRole("menu");
    expect(within(cardOf(1)).queryByRole("menu")).toBeNull();
    expect(within(menu).getByRole("menuitem", { name: "Share by email" }).getAttribute("href")).toContain(
      encodeURIComponent(`${location.origin}/posts/2`),
    );
    fireEvent.click(screen.getByRole("radio", { name: "Compact" }));
    expect(await within(cardOf(1)).findByRole("button", { name: "Share" })).toBeInTheDocument();
  });
});
