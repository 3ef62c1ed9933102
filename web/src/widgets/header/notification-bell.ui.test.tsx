import { act, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { watchNotificationStream } from "@/entities/notification";
import { meKey, watchSessionIdentity } from "@/entities/session";
import { sessionTokens } from "@/shared/api";
import { seriousAxeViolations } from "@/test/axe";
import { FakeEventSource } from "@/test/fake-event-source";
import { makeMe } from "@/test/fixtures";
import { mockApi } from "@/test/mock-api";
import { renderWithProviders, testQueryClient } from "@/test/render";
import { Header } from "./header.ui";
import { badgeText } from "./notification-bell.ui";

const signIn = (who: string) => sessionTokens.set({ accessToken: who, refreshToken: `r-${who}`, expiresAt: Date.now() + 60_000 });

/** ann has 0 unread when asked; bob has 2. Each ticket names whose it is. */
function server() {
  return mockApi({
    "GET /me": (request) =>
      request.headers.get("Authorization") === "Bearer bob" ? makeMe({ id: 6, name: "bob", nickname: "Bob" }) : makeMe(),
    "GET /me/notifications/unread-count": (request) => ({
      count: request.headers.get("Authorization") === "Bearer bob" ? 2 : 0,
    }),
    "POST /me/notifications/stream-ticket": (request) => ({
      ticket: `ticket-${request.headers.get("Authorization")?.slice(7)}`,
      expires_in: 60,
    }),
    "POST /auth/logout": () => new Response(null, { status: 204 }),
  });
}

const bell = () => screen.getByRole("link", { name: /^Notifications/ });
const badge = () => bell().querySelector("[data-unread-badge]");

let stops: (() => void)[] = [];

function renderHeader() {
  const queryClient = testQueryClient();
  // What app/main.tsx starts, in its order.
  stops = [watchSessionIdentity(queryClient), watchNotificationStream(queryClient)];
  return renderWithProviders(<Header />, { queryClient });
}

describe("the header's notification bell", () => {
  beforeEach(() => {
    FakeEventSource.opened = [];
    vi.stubGlobal("EventSource", FakeEventSource);
    sessionTokens.set(null);
  });
  afterEach(() => {
    for (const stop of stops) stop();
    vi.unstubAllGlobals();
  });

  it("shows the count as 99+ above 99", () => {
    expect([0, 1, 99, 100, 4321].map(badgeText)).toEqual(["0", "1", "99", "99+", "99+"]);
  });

  it("is there for signed-in people only, a link to /notifications with no badge at 0", async () => {
    server();
    const view = renderHeader();
    expect(screen.queryByRole("link", { name: /^Notifications/ })).toBeNull();
    act(() => signIn("ann"));
    await screen.findByRole("link", { name: /Your profile/ });
    await waitFor(() => expect(bell()).toHaveAttribute("data-unread-count", "0"));
    expect(bell()).toHaveAccessibleName("Notifications");
    expect(bell()).toHaveAttribute("href", "/notifications");
    expect(badge()).toBeNull();
    expect(await seriousAxeViolations(view.container)).toEqual([]);
  });

  it("changes live from the stream's `unread` events, with the exact count in its name and a live region", async () => {
    server();
    signIn("ann");
    renderHeader();
    await waitFor(() => expect(bell()).toHaveAttribute("data-unread-count", "0"));
    await waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    const status = document.querySelector("[data-unread-announcement]")!;
    expect(status).toHaveAttribute("role", "status");
    expect(status).toHaveTextContent("");

    act(() => FakeEventSource.latest.emit("unread", { count: 1 }));
    await waitFor(() => expect(badge()).toHaveTextContent("1"));
    expect(bell()).toHaveAccessibleName("Notifications, 1 unread");
    expect(status).toHaveTextContent("1 unread notification");

    act(() => FakeEventSource.latest.emit("unread", { count: 150 }));
    await waitFor(() => expect(badge()).toHaveTextContent("99+"));
    expect(bell()).toHaveAccessibleName("Notifications, 150 unread");
    expect(badge()).toHaveAttribute("aria-hidden", "true");

    act(() => FakeEventSource.latest.emit("unread", { count: 0 }));
    await waitFor(() => expect(badge()).toBeNull());
    expect(status).toHaveTextContent("No unread notifications");
  });

  it("after signing out and in as someone else, shows their count, not the last person's", async () => {
    server();
    signIn("ann");
    const view = renderHeader();
    await waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    expect(FakeEventSource.latest.params.get("ticket")).toBe("ticket-ann");
    act(() => FakeEventSource.latest.emit("unread", { count: 7 }));
    await waitFor(() => expect(badge()).toHaveTextContent("7"));

    act(() => sessionTokens.set(null));
    expect(FakeEventSource.latest.closed).toBe(true);
    await screen.findByRole("link", { name: "Sign in" });
    expect(screen.queryByRole("link", { name: /^Notifications/ })).toBeNull();

    act(() => {
      signIn("bob");
      view.queryClient.setQueryData(meKey, makeMe({ id: 6, name: "bob" }));
    });
    expect(screen.queryByText("7")).toBeNull();
    // Bob's own count, asked for; never ann's 7 in between.
    await waitFor(() => expect(bell()).toHaveAccessibleName("Notifications, 2 unread"));
    await waitFor(() => expect(FakeEventSource.opened).toHaveLength(2));
    expect(FakeEventSource.latest.params.get("ticket")).toBe("ticket-bob");
    act(() => FakeEventSource.latest.emit("unread", { count: 3 }));
    await waitFor(() => expect(badge()).toHaveTextContent("3"));
  });
});
