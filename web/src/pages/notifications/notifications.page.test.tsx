import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { useLocation } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";
import { notificationKeys } from "@/entities/notification";
import { meKey } from "@/entities/session";
import { sessionTokens, type UnreadCount } from "@/shared/api";
import { seriousAxeViolations } from "@/test/axe";
import { makeActors, makeMe, makeNotification } from "@/test/fixtures";
import { mockApi } from "@/test/mock-api";
import { renderInDataRouter, testQueryClient } from "@/test/render";
import { NotificationsPage } from "./notifications.page";

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search + location.hash}</p>;
}

const likes = makeNotification(9, {
  kind: "like",
  actors: makeActors("alice", "bob", "carol"),
  actor_count: 5,
  target: { kind: "post", id: 12, post_id: 12, title: "Rust in production", excerpt: "Why we moved", url: "/posts/12" },
  created_at: new Date(Date.now() - 2 * 3600_000).toISOString(),
});
const reply = makeNotification(8, { read: true });
const follow = makeNotification(3, {
  kind: "follow",
  actors: makeActors("carol"),
  target: { kind: "user", id: 5, post_id: null, title: "", excerpt: "", url: "/users/carol" },
});

function setup(routes: Parameters<typeof mockApi>[0], { signedIn = true } = {}) {
  const queryClient = testQueryClient();
  if (signedIn) {
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    queryClient.setQueryData(meKey, makeMe());
  }
  const api = mockApi({ "GET /me/notifications/unread-count": () => ({ count: 1 }), ...routes });
  const view = renderInDataRouter(<NotificationsPage />, {
    path: "/notifications",
    queryClient,
    routes: [
      { path: "/posts/:id", element: <Where /> },
      { path: "/users/:name", element: <Where /> },
      { path: "/signin", element: <Where /> },
    ],
  });
  return { ...api, ...view, queryClient };
}

const entries = () => screen.getAllByRole("listitem");

describe("NotificationsPage", () => {
  beforeEach(() => sessionTokens.set(null));

  it("lists the inbox newest first: grouped likes, avatars, time, unread marked; Load more goes on from the cursor", async () => {
    const { seen, container } = setup({
      "GET /me/notifications": (request) =>
        new URL(request.url).searchParams.get("cursor") === "c2"
          ? { items: [follow], next_cursor: null }
          : { items: [likes, reply], next_cursor: "c2" },
    });
    const list = await screen.findByRole("list", { name: "Your notifications, newest first" });
    const [first, second] = within(list).getAllByRole("listitem");
    expect(first).toHaveTextContent("Unread: alice and 4 others liked your post Rust in production");
    expect(first).toHaveTextContent("2 hours ago");
    expect(first).toHaveAttribute("data-unread");
    expect(first!.querySelectorAll(".avatar")).toHaveLength(3);
    expect(within(first!).getByRole("link")).toHaveAttribute("href", "/posts/12");
    expect(second).toHaveTextContent("Bob replied to Rust in production");
    expect(second).toHaveTextContent("I agree with this");
    expect(second).not.toHaveTextContent("Unread");
    expect(second).not.toHaveAttribute("data-unread");
    expect(await seriousAxeViolations(container)).toEqual([]);

    fireEvent.click(screen.getByRole("button", { name: "Load more notifications" }));
    await screen.findByText("started following you");
    expect(entries().map((entry) => entry.getAttribute("data-notification-id"))).toEqual(["9", "8", "3"]);
    const pages = seen.filter((request) => new URL(request.url).pathname === "/api/v1/me/notifications");
    expect(pages.map((request) => new URL(request.url).searchParams.get("cursor"))).toEqual([null, "c2"]);
    expect(screen.queryByRole("button", { name: "Load more notifications" })).toBeNull();
  });

  it("opening an unread entry marks it read and lands on what it is about (a comment's anchor)", async () => {
    const unreadReply = makeNotification(4);
    const { seen, router, queryClient } = setup({
      "GET /me/notifications": () => ({ items: [unreadReply, reply], next_cursor: null }),
      "POST /me/notifications/{id}/read": () => new Response(null, { status: 204 }),
    });
    await screen.findByText("I agree with this", { selector: ".notification[data-unread] *" });
    await waitFor(() => expect(queryClient.getQueryData<UnreadCount>(notificationKeys.unreadCount())?.count).toBe(1));
    fireEvent.click(within(entries()[0]!).getByRole("link"));
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent("/posts/12#comment-34"));
    expect(router.state.location.hash).toBe("#comment-34");
    await waitFor(() =>
      expect(seen.filter((request) => request.method === "POST").map((request) => new URL(request.url).pathname)).toEqual([
        "/api/v1/me/notifications/4/read",
      ]),
    );
    expect(queryClient.getQueryData<UnreadCount>(notificationKeys.unreadCount())?.count).toBe(0);
  });

  it("opening one already read sends nothing", async () => {
    const { seen } = setup({ "GET /me/notifications": () => ({ items: [reply], next_cursor: null }) });
    await screen.findByText("I agree with this");
    fireEvent.click(within(entries()[0]!).getByRole("link"));
    await screen.findByTestId("where");
    expect(seen.some((request) => request.method === "POST")).toBe(false);
  });

  it("Mark all read marks up to the newest entry shown and takes the server's count", async () => {
    let body: unknown;
    const { queryClient } = setup({
      "GET /me/notifications": () => ({ items: [likes, makeNotification(7), reply], next_cursor: "c2" }),
      "POST /me/notifications/read": async (request) => {
        body = await request.json();
        return { count: 0 };
      },
    });
    await screen.findByText(/alice and 4 others/);
    expect(document.querySelectorAll("[data-unread]")).toHaveLength(2);
    fireEvent.click(screen.getByRole("button", { name: "Mark all read" }));
    await waitFor(() => expect(document.querySelectorAll("[data-unread]")).toHaveLength(0));
    expect(body).toEqual({ up_to: 9 });
    expect(queryClient.getQueryData<UnreadCount>(notificationKeys.unreadCount())).toEqual({ count: 0 });
    await waitFor(() => expect(screen.getByRole("button", { name: "Mark all read" })).toBeDisabled());
  });

  it("says so when there is nothing yet, and links to the settings", async () => {
    setup({
      "GET /me/notifications": () => ({ items: [], next_cursor: null }),
      "GET /me/notifications/unread-count": () => ({ count: 0 }),
    });
    expect(await screen.findByText("No notifications yet.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Mark all read" })).toBeNull();
    expect(screen.getByRole("link", { name: "Notification settings" })).toHaveAttribute("href", "/settings#notifications");
  });

  it("a moderator's action reads with what was done and why; a hidden moderator shows a shield", async () => {
    const moderated = makeNotification(6, {
      kind: "moderation",
      actors: [],
      actor_count: 0,
      target: { kind: "post", id: 12, post_id: 12, title: "Rust in production", excerpt: "", url: "/posts/12" },
      moderation: { action: "remove", reason: "Spam links", expires_at: null },
    });
    const { container } = setup({ "GET /me/notifications": () => ({ items: [moderated], next_cursor: null }) });
    const entry = await screen.findByText("A moderator");
    const item = entry.closest("li")!;
    expect(item).toHaveTextContent("Unread: A moderator removed your post Rust in production");
    expect(item).toHaveTextContent("Reason: Spam links");
    expect(item.querySelector(".notification-shield")).not.toBeNull();
    expect(within(item).getByRole("link")).toHaveAttribute("href", "/posts/12");
    expect(await seriousAxeViolations(container)).toEqual([]);
  });

  it("sends a visitor to sign in and back", async () => {
    const { fetchMock } = setup({}, { signedIn: false });
    expect(await screen.findByTestId("where")).toHaveTextContent("/signin?next=%2Fnotifications");
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
