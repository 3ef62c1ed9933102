import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { meKey } from "@/entities/session";
import { sessionTokens, type Me } from "@/shared/api";
import { Toasts } from "@/shared/ui";
import { seriousAxeViolations } from "@/test/axe";
import { makeDetail, makeMe, makeModlogEntry } from "@/test/fixtures";
import { apiError, mockApi, type Handler } from "@/test/mock-api";
import { renderWithProviders, testQueryClient } from "@/test/render";
import { PostPage } from "./post.page";

const noComments = () => ({ items: [], next_cursor: null });

function renderPost(routes: Record<string, Handler>, { signedInAs }: { signedInAs?: Me } = {}) {
  const queryClient = testQueryClient();
  if (signedInAs) {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    queryClient.setQueryData(meKey, signedInAs);
  }
  const api = mockApi({ "GET /posts/{id}/comments": noComments, ...routes });
  const view = renderWithProviders(
    <>
      <Routes>
        <Route path="/posts/:id" element={<PostPage />} />
      </Routes>
      <Toasts />
    </>,
    { path: "/posts/12", queryClient },
  );
  return { ...api, ...view, queryClient };
}

describe("PostPage and moderation", () => {
  beforeEach(() => {
    sessionTokens.set(null);
    Element.prototype.scrollIntoView = vi.fn();
  });

  it("a removed post (410 removed) says a moderator removed it, and why; no content, no comments asked for", async () => {
    const { seen, container } = renderPost({
      "GET /posts/{id}": () =>
        apiError(410, "removed", "removed by a moderator: spam links", { reason: ["Spam links to a shop"] }),
    });
    expect(await screen.findByRole("heading", { level: 1, name: "This post was removed by a moderator." })).toBeInTheDocument();
    expect(screen.getByText("Spam links to a shop")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "moderation log" })).toHaveAttribute("href", "/modlog");
    expect(container.querySelector(".post-content")).toBeNull();
    expect(seen.some((request) => request.url.includes("/comments"))).toBe(false);
    expect(await seriousAxeViolations(container)).toEqual([]);
  });

  it("its author sees it with a banner: removed by a moderator, and the reason", async () => {
    const { container } = renderPost(
      {
        "GET /posts/{id}": () =>
          makeDetail(12, {
            title: "My post",
            author: { id: 5, name: "ann", nickname: "Ann", avatar: "", avatar_small: "" },
            removed: { reason: "Off topic", removed_at: "2026-11-27T10:00:00Z" },
          }),
      },
      { signedInAs: makeMe({ id: 5 }) },
    );
    await screen.findByRole("heading", { level: 1, name: "My post" });
    expect(container.querySelector("[data-removed-banner]")).toHaveTextContent("Removed by a moderator: Off topic");
    expect(container.querySelector("[data-removed-banner]")).toHaveTextContent("Only you and the moderators see it.");
    expect(container.querySelector(".post-content")).toHaveTextContent("Hello");
    // Nobody reports their own post; an author is no moderator.
    expect(screen.queryByRole("button", { name: /Report/ })).toBeNull();
    expect(screen.queryByRole("button", { name: /Remove post|Restore post/ })).toBeNull();
    expect(await seriousAxeViolations(container)).toEqual([]);
  });

  it("comments locked by a moderator say so with the reason, in place of the comment box", async () => {
    renderPost(
      { "GET /posts/{id}": () => makeDetail(12, { can_comment: false, locked_reason: "Flame war" }) },
      { signedInAs: makeMe() },
    );
    expect(await screen.findByText("Comments locked by a moderator: Flame war")).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: /comment/i })).toBeNull();
    expect(screen.queryByText("Comments are closed on this post.")).toBeNull();
  });

  it("others signed in can report it; visitors cannot", async () => {
    renderPost({ "GET /posts/{id}": () => makeDetail(12) }, { signedInAs: makeMe() });
    expect(await screen.findByRole("button", { name: "Report this post" })).toBeInTheDocument();
    expect(screen.queryByRole("group", { name: "Moderation" })).toBeNull();
  });

  it("a moderator removes it after giving a reason: POST /mod/posts/12/remove, then the page is read again", async () => {
    let removed = false;
    const bodies: unknown[] = [];
    const { seen } = renderPost(
      {
        "GET /posts/{id}": () =>
          makeDetail(12, removed ? { removed: { reason: "Spam", removed_at: "2026-11-27T10:00:00Z" } } : {}),
        "POST /mod/posts/{id}/remove": async (request) => {
          bodies.push(await request.json());
          removed = true;
          return makeModlogEntry(1);
        },
      },
      { signedInAs: makeMe({ role: "moderator" }) },
    );
    const tools = await screen.findByRole("group", { name: "Moderation" });
    expect(within(tools).getByRole("button", { name: "Lock comments" })).toBeInTheDocument();
    fireEvent.click(within(tools).getByRole("button", { name: "Remove post" }));
    const dialog = screen.getByRole("dialog", { name: "Remove this post?" });
    expect(within(dialog).getByLabelText(/Reason/)).toHaveFocus();
    // A reason is required.
    fireEvent.click(within(dialog).getByRole("button", { name: "Remove post" }));
    expect(await within(dialog).findByText("This field is required.")).toBeInTheDocument();
    expect(bodies).toEqual([]);
    fireEvent.change(within(dialog).getByLabelText(/Reason/), { target: { value: "Spam" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Remove post" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(bodies).toEqual([{ reason: "Spam" }]);
    expect(await screen.findByText("The post was removed.")).toBeInTheDocument();
    // Read again: the moderator sees the banner, and Restore in place of Remove.
    expect(await screen.findByText("Removed by a moderator: Spam")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Restore post" })).toBeInTheDocument();
    expect(
      seen.filter((request) => request.method === "GET" && new URL(request.url).pathname === "/api/v1/posts/12"),
    ).toHaveLength(2);
  });

  it("a refused action stays in the dialog with the server's reason (409 already_removed)", async () => {
    renderPost(
      {
        "GET /posts/{id}": () => makeDetail(12),
        "POST /mod/posts/{id}/remove": () => apiError(409, "already_removed", "removed already"),
      },
      { signedInAs: makeMe({ role: "admin" }) },
    );
    fireEvent.click(await screen.findByRole("button", { name: "Remove post" }));
    const dialog = screen.getByRole("dialog");
    fireEvent.change(within(dialog).getByLabelText(/Reason/), { target: { value: "Spam" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Remove post" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("A moderator removed this already.");
  });
});
