import {
  absoluteUrl,
  api,
  unwrap,
  unwrapEmpty,
  type KindSetting,
  type NotificationPage,
  type NotificationSettings,
  type StreamTicket,
  type Unsubscribed,
  type UnreadCount,
} from "@/shared/api";
import { API_PREFIX, PAGE_SIZE } from "@/shared/config";

export const fetchNotificationPage = (cursor: string | undefined, signal: AbortSignal): Promise<NotificationPage> =>
  unwrap(api.GET("/api/v1/me/notifications", { params: { query: { cursor, limit: PAGE_SIZE } }, signal }));

export const fetchUnreadCount = (signal?: AbortSignal): Promise<UnreadCount> =>
  unwrap(api.GET("/api/v1/me/notifications/unread-count", { signal }));

export const markNotificationRead = (id: number) =>
  unwrapEmpty(api.POST("/api/v1/me/notifications/{id}/read", { params: { path: { id } } }));

/** Marks read everything up to and including `upTo` (the newest one shown), or everything without it. */
export const markNotificationsRead = (upTo?: number): Promise<UnreadCount> =>
  unwrap(api.POST("/api/v1/me/notifications/read", { body: upTo === undefined ? {} : { up_to: upTo } }));

export const fetchStreamTicket = (): Promise<StreamTicket> => unwrap(api.POST("/api/v1/me/notifications/stream-ticket"));

/**
 * The event stream's address. `EventSource` sends no headers, so the single-use ticket goes in
 * the query, and so does where to resume (a new EventSource has no `Last-Event-ID` to send).
 */
export function streamUrl(ticket: string, lastEventId: number | undefined): string {
  const query = new URLSearchParams({ ticket });
  if (lastEventId !== undefined) query.set("last_event_id", String(lastEventId));
  return absoluteUrl(`${API_PREFIX}/me/notifications/stream?${query}`);
}

export const fetchNotificationSettings = (signal?: AbortSignal): Promise<NotificationSettings> =>
  unwrap(api.GET("/api/v1/me/notification-settings", { signal }));

/** Changes the kinds listed (the others keep theirs); the answer has every kind. */
export const updateNotificationSettings = (kinds: KindSetting[]): Promise<NotificationSettings> =>
  unwrap(api.PATCH("/api/v1/me/notification-settings", { body: { kinds } }));

/** Turns off one kind's mail with the token of a mail's link; needs no sign-in. */
export const unsubscribeWithToken = (token: string): Promise<Unsubscribed> =>
  unwrap(api.POST("/api/v1/notifications/unsubscribe", { params: { query: { token } } }));
