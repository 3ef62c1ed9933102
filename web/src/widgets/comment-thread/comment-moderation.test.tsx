import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { meKey } from "@/entities/session";
import { sessionTokens, type Comment, type Me } from "@/shared/api";
import { makeComment, makeMe, makeModlogEntry, makeUserSummary } from "@/test/fixtures";
import { mockApi, type Handler } from "@/test/mock-api";
import { renderWithProviders, testQueryClient } from "@/test/render";
import { CommentThread } from "./comment-thread.ui";

const ann = makeUserSummary(5, "ann");
const bob = makeUserSummary(6, "bob");
const post = { id: 1, can_comment: true, comment_count: 3, author: makeUserSummary(50, "op"), locked_reason: null };

/** bob's comment, removed: others get no text for it; its author and moderators do. */
const removedFor = (seesText: boolean) =>
  makeComment(1, {
    author: bob,
    removed: true,
    removed_reason: "Insults",
    content: seesText ? "you idiot" : "",
    content_html: seesText ? "<p>you idiot</p>" : "",
    replies: [makeComment(11, { author: ann, ref_id: 1, content_html: "<p>calm down</p>" })],
  });

function render(items: Comment[], { me, routes = {} }: { me?: Me; routes?: Record<string, Handler> } = {}) {
  const queryClient = testQueryClient();
  if (me) {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    queryClient.setQueryData(meKey, me);
  }
  const api = mockApi({ "GET /posts/{id}/comments": () => ({ items, next_cursor: null }), ...routes });
  renderWithProviders(<CommentThread post={post} />, { queryClient });
  return api;
}

const nodeOf = (id: number) => document.getElementById(`comment-${id}`)!;

describe("CommentThread: moderation", () => {
  beforeEach(() => {
    sessionTokens.set(null);
    Element.prototype.scrollIntoView = vi.fn();
  });

  it("a removed comment reads “[removed]” to others, in its place, with its replies", async () => {
    render([removedFor(false)], { me: makeMe({ id: 5 }) });
    await screen.findByText("calm down");
    const node = nodeOf(1);
    expect(node).toHaveAttribute("data-removed");
    expect(within(node.querySelector("article")!).getByText("[removed]")).toBeInTheDocument();
    expect(node.querySelector("article")).not.toHaveTextContent("Insults");
    expect(within(node.querySelector("article")!).queryByRole("button", { name: /Report|Reply|Like/ })).toBeNull();
    expect(within(nodeOf(11)).getByText("calm down")).toBeInTheDocument();
  });

  it("its author sees the text, marked as removed with the reason", async () => {
    render([removedFor(true)], { me: makeMe({ id: 6, name: "bob" }) });
    const note = await screen.findByText(/Removed by a moderator: Insults/);
    expect(note.closest("[data-removed-note]")).toHaveTextContent("Only you and moderators see it.");
    expect(within(nodeOf(1)).getByText("you idiot")).toBeInTheDocument();
    expect(within(nodeOf(1).querySelector("article")!).queryByRole("button", { name: "Edit" })).toBeNull();
  });

  it("a moderator sees it too, and restores it with a reason; the thread is asked again", async () => {
    const bodies: unknown[] = [];
    const { seen } = render([removedFor(true)], {
      me: makeMe({ role: "moderator" }),
      routes: {
        "POST /mod/comments/{id}/restore": async (request, params) => {
          bodies.push({ id: params.id, ...((await request.json()) as object) });
          return makeModlogEntry(1, { action: "restore" });
        },
        "GET /posts/{id}": () => ({}),
      },
    });
    await screen.findByText("you idiot");
    expect(nodeOf(1)).toHaveTextContent("Others see “[removed]”.");
    fireEvent.click(within(nodeOf(1).querySelector("article")!).getByRole("button", { name: "Restore the comment by bob" }));
    const dialog = screen.getByRole("dialog", { name: "Restore this comment?" });
    fireEvent.change(within(dialog).getByLabelText(/Reason/), { target: { value: "Reported by mistake" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Restore comment" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(bodies).toEqual([{ id: "1", reason: "Reported by mistake" }]);
    const threadReads = () => seen.filter((request) => request.method === "GET" && request.url.includes("/comments"));
    await waitFor(() => expect(threadReads()).toHaveLength(2));
  });

  it("every other comment has Report for people signed in, and Remove for moderators (not on their own)", async () => {
    render([makeComment(2, { author: bob }), makeComment(3, { author: ann })], { me: makeMe({ id: 5, role: "moderator" }) });
    await screen.findByText("comment 2");
    const bobs = nodeOf(2).querySelector("article")!;
    expect(within(bobs).getByRole("button", { name: "Report the comment by bob" })).toBeInTheDocument();
    expect(within(bobs).getByRole("button", { name: "Remove the comment by bob" })).toBeInTheDocument();
    const own = nodeOf(3).querySelector("article")!;
    expect(within(own).queryByRole("button", { name: /Report|Remove/ })).toBeNull();
  });

  it("comments locked by a moderator say so, with the reason", async () => {
    mockApi({ "GET /posts/{id}/comments": () => ({ items: [], next_cursor: null }) });
    renderWithProviders(<CommentThread post={{ ...post, can_comment: false, locked_reason: "Flame war" }} />);
    expect(await screen.findByText("Comments locked by a moderator: Flame war")).toBeInTheDocument();
  });
});
