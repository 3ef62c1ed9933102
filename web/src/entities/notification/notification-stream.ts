//! The live line to the server's notification events (server-sent events): one per tab, open while
//! someone is signed in. It keeps the unread count and the loaded inbox in the query cache current.
import type { QueryClient } from "@tanstack/react-query";
import { sessionTokens, toApiError, type Notification, type UnreadCount } from "@/shared/api";
import { fetchStreamTicket, streamUrl } from "./notification.api";
import { addToInbox, setUnreadCount } from "./notification.cache";
import { notificationKeys } from "./notification.queries";

/** The part of `EventSource` used here. */
export type EventSourceLike = Pick<EventSource, "addEventListener" | "close">;

export type NotificationStreamOptions = {
  /** Opens the connection: `new EventSource(url)` unless a test gives another. */
  open?: (url: string) => EventSourceLike;
  /** For the jitter, 0 ≤ x < 1 (`Math.random`). */
  random?: () => number;
};

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
/** After a `notification` event, how long an `unread` event has to follow before the count is asked for. */
const COUNT_CHECK_MS = 1_000;

/**
 * How long to wait before reconnection attempt `attempt` (0 for the first): 1 s, 2 s, 4 s … at
 * most 30 s, plus up to half as much again at random, so tabs cut off together (a server restart)
 * do not all come back in the same second.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(attempt, 10));
  return Math.round(base * (1 + 0.5 * random()));
}

function parse<T>(event: Event): T | null {
  try {
    return JSON.parse(String((event as MessageEvent).data)) as T;
  } catch {
    return null;
  }
}

const defaultOpen = (url: string): EventSourceLike => new EventSource(url);

let stopCurrent: (() => void) | null = null;

/**
 * Opens the stream whenever someone is signed in and closes it when they sign out (watching the
 * stored session, as `watchSessionIdentity` does), and returns a function that stops all of it.
 * Calling it again replaces the earlier watcher: a tab has one stream.
 *
 * `EventSource` cannot send the bearer token, so each connection starts with a single-use ticket
 * (`POST /me/notifications/stream-ticket`). A spent ticket cannot reconnect, so on any error the
 * EventSource is closed here rather than left to retry by itself, and after a pause (1 s, 2 s, …
 * 30 s, with jitter) a new ticket opens a new one that resumes after the last event received
 * (`last_event_id`). On opening, the server sends `unread` (the count) and then every
 * notification newer than that id; `notification` events carry one notification, `id:` its id.
 */
export function watchNotificationStream(queryClient: QueryClient, options: NotificationStreamOptions = {}): () => void {
  stopCurrent?.();
  const open = options.open ?? (typeof EventSource === "function" ? defaultOpen : null);
  const random = options.random ?? Math.random;
  if (!open) return () => {}; // no EventSource here: the count is fetched, not pushed

  /** Bumped on every sign-in and sign-out: work for an older session finds it changed and stops. */
  let session = 0;
  let running = false;
  let source: EventSourceLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let countCheck: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let lastEventId: number | undefined;

  const setCount = (count: number, mine: number) => {
    // A count request still on its way was asked before this event: its answer must not win.
    void queryClient.cancelQueries({ queryKey: notificationKeys.unreadCount() }).then(() => {
      if (mine === session) setUnreadCount(queryClient, count);
    });
  };

  // The count is the server's. Should a `notification` come without an `unread` after it, ask.
  const scheduleCountCheck = (mine: number) => {
    clearTimeout(countCheck);
    countCheck = setTimeout(() => {
      if (mine === session) void queryClient.invalidateQueries({ queryKey: notificationKeys.unreadCount() });
    }, COUNT_CHECK_MS);
  };

  const retryLater = (mine: number) => {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(
      () => {
        retryTimer = undefined;
        void connect(mine);
      },
      reconnectDelay(attempt, random),
    );
    attempt += 1;
  };

  const connect = async (mine: number) => {
    let ticket: string;
    try {
      ticket = (await fetchStreamTicket()).ticket;
    } catch (error) {
      if (mine !== session) return;
      const { status } = toApiError(error);
      // Signed out (the session watcher stops us) or refused for good: no retry until the next sign-in.
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) return;
      retryLater(mine);
      return;
    }
    if (mine !== session) return;
    const stream = open(streamUrl(ticket, lastEventId));
    source = stream;
    stream.addEventListener("unread", (event) => {
      const count = parse<UnreadCount>(event)?.count;
      if (mine !== session || typeof count !== "number") return;
      attempt = 0; // the stream works: the next failure starts over at 1 s
      clearTimeout(countCheck);
      setCount(count, mine);
    });
    stream.addEventListener("notification", (event) => {
      const notification = parse<Notification>(event);
      if (mine !== session || typeof notification?.id !== "number") return;
      const id = Number((event as MessageEvent).lastEventId) || notification.id;
      lastEventId = Math.max(lastEventId ?? 0, id);
      addToInbox(queryClient, notification);
      if (!notification.read) scheduleCountCheck(mine);
    });
    stream.addEventListener("error", () => {
      if (source !== stream) return;
      stream.close();
      source = null;
      if (mine === session) retryLater(mine);
    });
  };

  const start = () => {
    running = true;
    session += 1;
    attempt = 0;
    lastEventId = undefined;
    void connect(session);
  };

  const stop = () => {
    running = false;
    session += 1;
    source?.close();
    source = null;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    clearTimeout(countCheck);
  };

  const follow = () => {
    const signedIn = sessionTokens.get() !== null;
    if (signedIn && !running) start();
    else if (!signedIn && running) stop();
  };

  // Back online while waiting out a pause: try now.
  const onOnline = () => {
    if (!running || retryTimer === undefined) return;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    void connect(session);
  };

  follow();
  const unsubscribe = sessionTokens.subscribe(follow);
  window.addEventListener("online", onOnline);
  const dispose = () => {
    unsubscribe();
    window.removeEventListener("online", onOnline);
    stop();
    if (stopCurrent === dispose) stopCurrent = null;
  };
  stopCurrent = dispose;
  return dispose;
}
