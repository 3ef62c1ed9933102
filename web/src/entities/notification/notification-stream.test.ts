import { QueryObserver, type InfiniteData } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { meKey, watchSessionIdentity } from "@/entities/session";
import { sessionTokens, type NotificationPage, type UnreadCount } from "@/shared/api";
import { FakeEventSource } from "@/test/fake-event-source";
import { makeNotification } from "@/test/fixtures";
import { apiError, json, mockApi } from "@/test/mock-api";
import { testQueryClient } from "@/test/render";
import { fetchUnreadCount } from "./notification.api";
import { notificationKeys } from "./notification.queries";
import { reconnectDelay, watchNotificationStream } from "./notification-stream";

const signIn = (who = "a") => sessionTokens.set({ accessToken: who, refreshToken: `r-${who}`, expiresAt: Date.now() + 60_000 });

/** The server: numbered tickets, each one asked for remembered with the token it was asked with. */
function server(routes: Parameters<typeof mockApi>[0] = {}) {
  const tickets: string[] = [];
  const api = mockApi({
    "POST /me/notifications/stream-ticket": (request) => {
      const ticket = `t${tickets.length + 1}-${request.headers.get("Authorization")?.replace("Bearer ", "")}`;
      tickets.push(ticket);
      return { ticket, expires_in: 60 };
    },
    ...routes,
  });
  return { tickets, ...api };
}

const count = (queryClient: ReturnType<typeof testQueryClient>) =>
  queryClient.getQueryData<UnreadCount>(notificationKeys.unreadCount())?.count;

let stop: () => void = () => {};

describe("watchNotificationStream", () => {
  beforeEach(() => {
    FakeEventSource.opened = [];
    vi.stubGlobal("EventSource", FakeEventSource);
    sessionTokens.set(null);
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("opens with a fresh ticket; `unread` sets the count, `notification` goes first in a loaded inbox", async () => {
    const { tickets } = server();
    const queryClient = testQueryClient();
    queryClient.setQueryData<InfiniteData<NotificationPage>>(notificationKeys.inbox(), {
      pages: [{ items: [makeNotification(3, { read: true })], next_cursor: null }],
      pageParams: [undefined],
    });
    signIn();
    stop = watchNotificationStream(queryClient);
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    const stream = FakeEventSource.latest;
    expect(stream.url).toMatch(/^http:\/\/localhost(:\d+)?\/api\/v1\/me\/notifications\/stream\?/);
    expect(stream.params.get("ticket")).toBe(tickets[0]);
    expect(stream.params.has("last_event_id")).toBe(false);

    stream.emit("unread", { count: 2 });
    await vi.waitFor(() => expect(count(queryClient)).toBe(2));
    stream.emit("notification", makeNotification(7), 7);
    const items = queryClient.getQueryData<InfiniteData<NotificationPage>>(notificationKeys.inbox())!.pages[0]!.items;
    expect(items.map((n) => [n.id, n.read])).toEqual([
      [7, false],
      [3, true],
    ]);
  });

  it("on an error it closes the EventSource itself, waits 1 s, 2 s … and reconnects with a new ticket and last_event_id", async () => {
    vi.useFakeTimers();
    const { tickets } = server();
    const queryClient = testQueryClient();
    signIn();
    stop = watchNotificationStream(queryClient, { random: () => 0 });
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    const first = FakeEventSource.latest;
    first.emit("unread", { count: 0 });
    first.emit("notification", makeNotification(40), 40);
    first.emit("notification", makeNotification(41), 41);

    first.fail();
    expect(first.closed).toBe(true); // not left to retry with its spent ticket
    await vi.advanceTimersByTimeAsync(999);
    expect(tickets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(2));
    const second = FakeEventSource.latest;
    expect(tickets).toHaveLength(2);
    expect(second.params.get("ticket")).toBe(tickets[1]);
    expect(second.params.get("last_event_id")).toBe("41");

    // Failing again before it worked: twice as long.
    second.fail();
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeEventSource.opened).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(3));
    expect(FakeEventSource.latest.params.get("ticket")).toBe(tickets[2]);
    expect(FakeEventSource.latest.params.get("last_event_id")).toBe("41");

    // Once it works (the `unread` it opens with), the next pause is 1 s again.
    FakeEventSource.latest.emit("unread", { count: 0 });
    FakeEventSource.latest.emit("notification", makeNotification(42), 42);
    FakeEventSource.latest.fail();
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(4));
    expect(FakeEventSource.latest.params.get("last_event_id")).toBe("42");
  });

  it("pauses 1 s, 2 s, 4 s … at most 30 s, plus up to half again at random", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 12].map((attempt) => reconnectDelay(attempt, () => 0))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(reconnectDelay(0, () => 0.5)).toBe(1250);
    expect(reconnectDelay(40, () => 0.999)).toBeLessThanOrEqual(45_000);
  });

  it("closes on sign-out; signing in as someone else opens a new stream from scratch, with no stale count", async () => {
    const { tickets } = server();
    const queryClient = testQueryClient();
    const stopIdentity = watchSessionIdentity(queryClient);
    signIn("ann");
    queryClient.setQueryData(meKey, { id: 1 });
    stop = watchNotificationStream(queryClient);
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    const ann = FakeEventSource.latest;
    ann.emit("unread", { count: 5 });
    ann.emit("notification", makeNotification(90), 90);
    await vi.waitFor(() => expect(count(queryClient)).toBe(5));

    sessionTokens.set(null);
    expect(ann.closed).toBe(true);
    await vi.waitFor(() => expect(count(queryClient)).toBeUndefined());
    // Late events from the closed stream change nothing.
    ann.emit("unread", { count: 6 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(count(queryClient)).toBeUndefined();

    signIn("bob");
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(2));
    const bob = FakeEventSource.latest;
    expect(tickets.at(-1)).toBe("t2-bob");
    expect(bob.params.get("ticket")).toBe("t2-bob");
    expect(bob.params.has("last_event_id")).toBe(false); // ann's last id means nothing for bob
    bob.emit("unread", { count: 1 });
    await vi.waitFor(() => expect(count(queryClient)).toBe(1));
    stopIdentity();
  });

  it("keeps one stream per tab, and a refreshed token does not reopen it", async () => {
    server();
    const queryClient = testQueryClient();
    signIn();
    watchNotificationStream(queryClient);
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    stop = watchNotificationStream(queryClient);
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(2));
    expect(FakeEventSource.opened[0]!.closed).toBe(true);
    signIn("a-refreshed");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(FakeEventSource.latest.closed).toBe(false);
  });

  it("retries a ticket that failed on the way (5xx, network), not one refused for good (404)", async () => {
    vi.useFakeTimers();
    let answer: () => Response = () => apiError(503, "service_unavailable");
    let asked = 0;
    mockApi({
      "POST /me/notifications/stream-ticket": () => {
        asked += 1;
        return answer();
      },
    });
    signIn();
    stop = watchNotificationStream(testQueryClient(), { random: () => 0 });
    await vi.waitFor(() => expect(asked).toBe(1));
    answer = () => json({ ticket: "ok", expires_in: 60 });
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    expect(asked).toBe(2);

    stop();
    answer = () => apiError(404, "not_found");
    stop = watchNotificationStream(testQueryClient(), { random: () => 0 });
    await vi.waitFor(() => expect(asked).toBe(3));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked).toBe(3);
  });

  it("asks for the count when a `notification` comes with no `unread` after it; not when one follows", async () => {
    vi.useFakeTimers();
    let counts = 0;
    server({
      "GET /me/notifications/unread-count": () => {
        counts += 1;
        return { count: 9 };
      },
    });
    const queryClient = testQueryClient();
    queryClient.setQueryData<UnreadCount>(notificationKeys.unreadCount(), { count: 0 });
    // The header's query, on screen.
    const unsubscribe = new QueryObserver(queryClient, {
      queryKey: notificationKeys.unreadCount(),
      queryFn: ({ signal }) => fetchUnreadCount(signal),
    }).subscribe(() => {});
    signIn();
    stop = watchNotificationStream(queryClient);
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    const stream = FakeEventSource.latest;
    stream.emit("notification", makeNotification(5), 5);
    stream.emit("unread", { count: 1 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(counts).toBe(0);
    expect(count(queryClient)).toBe(1);

    stream.emit("notification", makeNotification(6), 6);
    await vi.advanceTimersByTimeAsync(999);
    expect(counts).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(count(queryClient)).toBe(9));
    expect(counts).toBe(1);
    unsubscribe();
  });

  it("a count asked before an `unread` event and answered after it does not win", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server({
      "GET /me/notifications/unread-count": async () => {
        await gate;
        return { count: 0 };
      },
    });
    const queryClient = testQueryClient();
    signIn();
    const asked = queryClient.fetchQuery({
      queryKey: notificationKeys.unreadCount(),
      queryFn: ({ signal }) => fetchUnreadCount(signal),
    });
    stop = watchNotificationStream(queryClient);
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    FakeEventSource.latest.emit("unread", { count: 4 });
    release();
    await asked.catch(() => {});
    await vi.waitFor(() => expect(count(queryClient)).toBe(4));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(count(queryClient)).toBe(4);
  });
});
