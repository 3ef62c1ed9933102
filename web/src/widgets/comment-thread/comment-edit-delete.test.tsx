import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { meKey } from "@/entities/session";
import { sessionTokens, type Comment, type Me } from "@/shared/api";
import { makeComment } from "@/test/fixtures";
import { apiError, mockApi, type Handler } from "@/test/mock-api";
import { renderWithProviders, testQueryClient } from "@/test/render";
import { CommentThread } from "./comment-thread.ui";

const user = (id: number, name: string) => ({ id, name, nickname: "", avatar: "", avatar_small: "" });
const ann = user(5, "ann");
const bob = user(6, "bob");
const me: Me = {
  ...ann,
  email: "ann@example.com",
  confirmed: true,
  bio: "",
  company: "",
  website: "",
  created_at: "2026-11-20T10:00:00Z",
  stats: { post_count: 0, follower_count: 0, following_count: 0 },
  collects_public: false,
  role: "user",
  ban: null,
};
const post = { id: 1, can_comment: true, comment_count: 3, author: user(50, "op") };

const mine = () =>
  makeComment(1, {
    author: ann,
    content: "first **take**",
    content_html: "<p>first <strong>take</strong></p>",
    like_count: 2,
    replies: [makeComment(11, { author: bob, ref_id: 1, content: "a reply", content_html: "<p>a reply</p>" })],
  });
const bobs = () => makeComment(2, { author: bob, content_html: "<p>bob's own</p>" });

function signedIn(routes: Record<string, Handler>, items: Comment[] = [mine(), bobs()]) {
  sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
  const queryClient = testQueryClient();
  queryClient.setQueryData(meKey, me);
  const api = mockApi({ "GET /posts/{id}/comments": () => ({ items, next_cursor: null }), ...routes });
  renderWithProviders(<CommentThread post={post} />, { queryClient });
  return { ...api, queryClient };
}

const articleOf = (id: number) => document.querySelector<HTMLElement>(`#comment-${id} > article`)!;

describe("editing your own comment", () => {
  beforeEach(() => {
    Element.prototype.scrollIntoView = vi.fn();
  });

  it("is offered on your comments only", async () => {
    signedIn({});
    await screen.findByText("bob's own");
    expect(within(articleOf(1)).getByRole("button", { name: "Edit" })).toBeInTheDocument();
    expect(within(articleOf(2)).queryByRole("button", { name: "Edit" })).toBeNull();
    expect(within(articleOf(11)).queryByRole("button", { name: "Edit" })).toBeNull();
  });

  it("opens the comment box with its markdown, saves with PATCH, and shows (edited) with the time", async () => {
    let body: unknown;
    const { seen } = signedIn({
      "PATCH /comments/{id}": async (request, { id }) => {
        body = await request.json();
        return {
          ...mine(),
          id: Number(id),
          content: "second **take**",
          content_html: "<p>second <strong>take</strong></p>",
          edited_at: "2026-11-26T12:30:00Z",
          replies: [],
        };
      },
    });
    await screen.findByText("bob's own");
    fireEvent.click(within(articleOf(1)).getByRole("button", { name: "Edit" }));
    const box = screen.getByLabelText("Edit your comment");
    expect(box).toHaveValue("first **take**");
    expect(box).toHaveFocus();
    // The same box as for writing: markdown hint and a preview.
    expect(document.getElementById(box.getAttribute("aria-describedby")!.split(" ")[0]!)).toHaveTextContent("Markdown works");
    expect(within(articleOf(1)).getByRole("button", { name: "Preview" })).toBeInTheDocument();
    fireEvent.change(box, { target: { value: "second **take**" } });
    fireEvent.click(within(articleOf(1)).getByRole("button", { name: "Save" }));

    await waitFor(() => expect(screen.queryByLabelText("Edit your comment")).toBeNull());
    expect(body).toEqual({ content: "second **take**" });
    expect(seen.some((r) => r.method === "PATCH" && r.url.endsWith("/api/v1/comments/1"))).toBe(true);
    expect(articleOf(1).querySelector(".comment-body")).toHaveTextContent("second take");
    const edited = within(articleOf(1)).getByText("(edited)");
    expect(edited).toHaveAttribute("datetime", "2026-11-26T12:30:00Z");
    expect(edited.getAttribute("title")).toMatch(/^Edited .*2026/);
    // The reply loaded under it stays.
    expect(screen.getByText("a reply")).toBeInTheDocument();
    await waitFor(() => expect(within(articleOf(1)).getByRole("button", { name: "Edit" })).toHaveFocus());
  });

  it("Cancel puts the comment back as it was, sending nothing", async () => {
    const { seen } = signedIn({});
    await screen.findByText("bob's own");
    fireEvent.click(within(articleOf(1)).getByRole("button", { name: "Edit" }));
    fireEvent.change(screen.getByLabelText("Edit your comment"), { target: { value: "changed my mind" } });
    fireEvent.click(within(articleOf(1)).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByLabelText("Edit your comment")).toBeNull();
    expect(articleOf(1).querySelector(".comment-body")).toHaveTextContent("first take");
    expect(within(articleOf(1)).queryByText("(edited)")).toBeNull();
    expect(seen.some((r) => r.method === "PATCH")).toBe(false);
  });

  it("checks an empty comment before sending, like the other forms", async () => {
    const { seen } = signedIn({});
    await screen.findByText("bob's own");
    fireEvent.click(within(articleOf(1)).getByRole("button", { name: "Edit" }));
    const box = screen.getByLabelText("Edit your comment");
    fireEvent.change(box, { target: { value: "   " } });
    fireEvent.click(within(articleOf(1)).getByRole("button", { name: "Save" }));
    expect(box).toHaveAttribute("aria-invalid", "true");
    expect(await screen.findByText("This field is required.")).toBeInTheDocument();
    expect(seen.some((r) => r.method === "PATCH")).toBe(false);
  });

  it.each([
    [403, "comments_closed", /turned comments off for this post/],
    [403, "not_allowed", /Only the person who wrote a comment can edit it/],
    [404, "not_found", /This comment has been deleted/],
  ])("shows the server's %i %s in the app's words and keeps the text", async (status, code, message) => {
    signedIn({ "PATCH /comments/{id}": () => apiError(status, code) });
    await screen.findByText("bob's own");
    fireEvent.click(within(articleOf(1)).getByRole("button", { name: "Edit" }));
    fireEvent.change(screen.getByLabelText("Edit your comment"), { target: { value: "edited text" } });
    fireEvent.click(within(articleOf(1)).getByRole("button", { name: "Save" }));
    const alert = await within(articleOf(1)).findByRole("alert");
    expect(alert).toHaveTextContent(message);
    expect(screen.getByLabelText("Edit your comment")).toHaveValue("edited text");
  });

  it("shows (edited) on a comment the server says was edited", async () => {
    signedIn({}, [{ ...bobs(), edited_at: "2026-11-26T11:00:00Z" }]);
    await screen.findByText("bob's own");
    expect(within(articleOf(2)).getByText("(edited)")).toHaveAttribute("title", expect.stringMatching(/^Edited /));
  });
});

describe("deleted comments", () => {
  beforeEach(() => {
    Element.prototype.scrollIntoView = vi.fn();
  });

  const placeholder = () =>
    makeComment(1, {
      deleted: true,
      author: user(5, "[deleted]"),
      content: "",
      content_html: "",
      like_count: 0,
      replies: [makeComment(11, { author: bob, ref_id: 1, content_html: "<p>a reply</p>" })],
    });

  it("a placeholder reads [deleted], muted, with no author link, avatar or actions, and its replies beneath", async () => {
    signedIn({}, [placeholder()]);
    await screen.findByText("a reply");
    const article = articleOf(1);
    expect(article).toHaveTextContent("[deleted]");
    expect(within(article).queryByRole("link")).toBeNull();
    expect(article.querySelector(".avatar")).toBeNull();
    expect(article.querySelector(".comment-body")).toBeNull();
    for (const name of [/Like/, "Reply", "Edit", "Delete"]) {
      expect(within(article).queryByRole("button", { name })).toBeNull();
    }
    // Named by its heading, so a screen reader hears what it is.
    expect(within(article).getByText("[deleted]").id).toBe(article.getAttribute("aria-labelledby"));
    // The reply is still there, with its own actions, and the placeholder can be collapsed.
    expect(within(articleOf(11)).getByRole("button", { name: /Like/ })).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Collapse the deleted comment and its replies" }));
    expect(screen.queryByText("a reply")).toBeNull();
  });

  it("deleting your comment that has a reply leaves the placeholder with the reply under it", async () => {
    let deleted = false;
    const { seen } = signedIn({
      "DELETE /comments/{id}": () => {
        deleted = true;
        return new Response(null, { status: 204 });
      },
      // The refetch after deleting answers as the server does.
      "GET /posts/{id}/comments": () => ({ items: deleted ? [placeholder(), bobs()] : [mine(), bobs()], next_cursor: null }),
    });
    await screen.findByText("bob's own");
    fireEvent.click(within(articleOf(1)).getByRole("button", { name: "Delete" }));
    fireEvent.click(within(articleOf(1)).getByRole("button", { name: "Delete comment" }));
    await waitFor(() => expect(articleOf(1)).toHaveTextContent("[deleted]"));
    expect(document.getElementById("comment-1")).toHaveAttribute("data-deleted");
    expect(screen.getByText("a reply")).toBeInTheDocument();
    expect(screen.queryByText("first take")).toBeNull();
    await waitFor(() => expect(seen.filter((r) => r.url.includes("/comments") && r.method === "GET")).toHaveLength(2));
    expect(articleOf(1)).toHaveTextContent("[deleted]");
    expect(screen.getByText("a reply")).toBeInTheDocument();
  });

  it("deleting a comment without replies removes it", async () => {
    let deleted = false;
    signedIn({
      "DELETE /comments/{id}": () => {
        deleted = true;
        return new Response(null, { status: 204 });
      },
      "GET /posts/{id}/comments": () => ({
        items: deleted ? [bobs()] : [makeComment(3, { author: ann, content_html: "<p>alone</p>" }), bobs()],
        next_cursor: null,
      }),
    });
    await screen.findByText("alone");
    fireEvent.click(within(articleOf(3)).getByRole("button", { name: "Delete" }));
    fireEvent.click(within(articleOf(3)).getByRole("button", { name: "Delete comment" }));
    await waitFor(() => expect(document.getElementById("comment-3")).toBeNull());
    expect(screen.getByText("bob's own")).toBeInTheDocument();
  });
});
