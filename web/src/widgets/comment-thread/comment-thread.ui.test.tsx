import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commentKeys } from "@/entities/comment";
import type { Comment } from "@/shared/api";
import { sessionTokens } from "@/shared/api";
import { makeComment } from "@/test/fixtures";
import { mockApi } from "@/test/mock-api";
import { renderWithProviders, testQueryClient } from "@/test/render";
import { CommentThread, permalinkTarget } from "./comment-thread.ui";

const post = {
  id: 1,
  can_comment: true,
  comment_count: 5,
  author: { id: 50, name: "op", nickname: "", avatar: "", avatar_small: "" },
};
const at = (minute: number) => `2026-11-26T10:${String(minute).padStart(2, "0")}:00Z`;
const by = (name: string) => ({ author: { id: name.length, name, nickname: "", avatar: "", avatar_small: "" } });

const first: Comment[] = [
  makeComment(1, {
    ...by("ann"),
    created_at: at(1),
    like_count: 1,
    replies: [makeComment(11, { ...by("bob"), ref_id: 1, created_at: at(4), content_html: "<p>a reply</p>" })],
  }),
  makeComment(2, { ...by("cara"), created_at: at(2), like_count: 9 }),
];
const second: Comment[] = [makeComment(3, { ...by("dave"), created_at: at(3), like_count: 2, content_html: "<p>far down</p>" })];

/** The `sort` of every thread request, in order (null for the default, oldest). */
const requestedSorts: (string | null)[] = [];

function serveThread() {
  requestedSorts.length = 0;
  return mockApi({
    "GET /posts/{id}/comments": (request) => {
      const params = new URL(request.url).searchParams;
      requestedSorts.push(params.get("sort"));
      return params.get("cursor") === "page2" ? { items: second, next_cursor: null } : { items: first, next_cursor: "page2" };
    },
  });
}

const topLevelAuthors = () =>
  [...document.querySelectorAll(".comment-tree > li.comment > article .comment-author")].map((a) => a.textContent);

describe("CommentThread", () => {
  beforeEach(() => {
    sessionTokens.set(null);
    Element.prototype.scrollIntoView = vi.fn();
  });

  it("sorts oldest, newest or most liked, and remembers the choice", async () => {
    serveThread();
    renderWithProviders(<CommentThread post={post} />);
    await screen.findByText("cara");
    expect(topLevelAuthors()).toEqual(["ann", "cara"]);
    fireEvent.click(screen.getByLabelText("Most liked"));
    await waitFor(() => expect(topLevelAuthors()).toEqual(["cara", "ann"]));
    expect(localStorage.getItem("tidings.comment-sort")).toBe("liked");
    // The server orders and pages each sort: the default asks without one, the others by name.
    await waitFor(() => expect(requestedSorts).toContain("top"));
    expect(requestedSorts[0]).toBeNull();
    fireEvent.click(screen.getByLabelText("Newest"));
    await waitFor(() => expect(requestedSorts).toContain("newest"));
    await waitFor(() => expect(topLevelAuthors()).toEqual(["cara", "ann"]));
    expect(screen.getByLabelText("Newest")).toBeChecked();
  });

  it("opens with the remembered order", async () => {
    localStorage.setItem("tidings.comment-sort", "newest");
    serveThread();
    renderWithProviders(<CommentThread post={post} />);
    await screen.findByText("cara");
    expect(topLevelAuthors()).toEqual(["cara", "ann"]);
  });

  it("gives every comment a permalink to #comment-{id} on its post", async () => {
    serveThread();
    renderWithProviders(<CommentThread post={post} />);
    const reply = await screen.findByText("a reply");
    const permalink = within(reply.closest("article")!).getByRole("link", { name: /link to this comment/ });
    expect(permalink).toHaveAttribute("href", "/posts/1#comment-11");
  });

  it("a permalink to a comment on a later page loads it, then highlights, scrolls to and focuses it", async () => {
    const { seen } = serveThread();
    renderWithProviders(<CommentThread post={post} />, { path: "/posts/1#comment-3" });
    await screen.findByText("far down");
    const article = document.querySelector<HTMLElement>("#comment-3 > article")!;
    await waitFor(() => expect(article).toHaveFocus());
    expect(article).toHaveAttribute("aria-current", "true");
    expect(document.getElementById("comment-3")).toHaveClass("comment-highlighted");
    expect(article.scrollIntoView).toHaveBeenCalled();
    expect(seen.filter((r) => r.url.includes("/comments")).length).toBe(2);
    expect(document.querySelectorAll(".comment-highlighted")).toHaveLength(1);
  });

  it("a permalink to a comment newer than the cached thread (a notification's link) asks for the thread again, once", async () => {
    const fresh = makeComment(40, { ...by("bob"), created_at: at(9), content_html: "<p>just written</p>" });
    const { seen } = mockApi({
      "GET /posts/{id}/comments": () => ({ items: [...first, fresh], next_cursor: null }),
    });
    const queryClient = testQueryClient();
    queryClient.setQueryData(commentKeys.sorted(1, "oldest"), {
      pages: [{ items: first, next_cursor: null }],
      pageParams: [undefined],
    });
    renderWithProviders(<CommentThread post={post} />, { path: "/posts/1#comment-40", queryClient });
    await screen.findByText("just written");
    const article = document.querySelector<HTMLElement>("#comment-40 > article")!;
    await waitFor(() => expect(article).toHaveAttribute("aria-current", "true"));
    expect(seen.filter((request) => request.url.includes("/comments"))).toHaveLength(1);
  });

  it("collapses a comment with its replies (saying how many), and expands it again", async () => {
    serveThread();
    renderWithProviders(<CommentThread post={post} />);
    await screen.findByText("a reply");
    const toggle = screen.getByRole("button", { name: "Collapse the comment by ann and its replies" });
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    fireEvent.click(toggle);
    expect(screen.queryByText("a reply")).toBeNull();
    expect(screen.queryByText("comment 1")).toBeNull();
    expect(document.querySelector("#comment-1 [data-hidden-replies]")).toHaveTextContent("(1 reply hidden)");
    const expand = screen.getByRole("button", { name: "Expand the comment by ann and its replies" });
    expect(expand).toHaveAttribute("aria-expanded", "false");
    fireEvent.click(expand);
    expect(screen.getByText("a reply")).toBeInTheDocument();
  });

  it("a permalink to a reply focuses it, and its sub-thread still collapses", async () => {
    serveThread();
    const { container } = renderWithProviders(<CommentThread post={post} />, { path: "/posts/1#comment-11" });
    await waitFor(() => expect(container.querySelector("#comment-11 > article")).toHaveFocus());
    fireEvent.click(screen.getByRole("button", { name: /Collapse the comment by ann/ }));
    expect(screen.queryByText("a reply")).toBeNull();
  });

  it("uses the same like icon as posts", async () => {
    serveThread();
    renderWithProviders(<CommentThread post={post} />);
    await screen.findByText("a reply");
    const like = document.querySelector('#comment-11 button[data-action="like-comment"] svg');
    expect(like).toHaveClass("lucide-heart");
  });
});

describe("CommentThread's comment box", () => {
  it("offers people after @ (the mention feature), and a chosen one goes in as @name", async () => {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    mockApi({
      "GET /posts/{id}/comments": () => ({ items: first, next_cursor: null }),
      "GET /user-suggestions": (request) =>
        new URL(request.url).searchParams.get("prefix") === "bo"
          ? [{ id: 4, name: "bob", display_name: "Bob", avatar_small: "" }]
          : [],
    });
    renderWithProviders(<CommentThread post={post} />);
    const box = screen.getByLabelText("Add a comment");
    expect(box).toHaveAttribute("role", "combobox");
    fireEvent.change(box, { target: { value: "Thanks @bo", selectionStart: 10, selectionEnd: 10 } });
    await screen.findByRole("option", { name: /Bob/ });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(box).toHaveValue("Thanks @bob ");
  });
});

describe("permalinkTarget", () => {
  it("reads #comment-{id} and nothing else", () => {
    expect(permalinkTarget("#comment-12")).toBe(12);
    expect(permalinkTarget("#comments")).toBeNull();
    expect(permalinkTarget("#comment-12x")).toBeNull();
    expect(permalinkTarget("")).toBeNull();
  });
});
