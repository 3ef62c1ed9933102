import {
  api,
  unwrap,
  type BanRequest,
  type CreateReportRequest,
  type ModerationAction,
  type ModlogEntry,
  type ModlogPage,
  type QueueFilter,
  type QueueSort,
  type ReportPage,
  type ReportReceipt,
  type StaffMember,
} from "@/shared/api";
import { PAGE_SIZE } from "@/shared/config";

/** Tells the moderators about a post, comment or user (a confirmed account, not your own). */
export const createReport = (body: CreateReportRequest): Promise<ReportReceipt> => unwrap(api.POST("/api/v1/reports", { body }));

/** Which part of the queue: open or closed reports, newest first or the most reported first. */
export type QueueView = { status: QueueFilter; sort: QueueSort };

export const fetchReportPage = (view: QueueView, cursor: string | undefined, signal: AbortSignal): Promise<ReportPage> =>
  unwrap(
    api.GET("/api/v1/mod/reports", {
      params: { query: { status: view.status, sort: view.sort, cursor, limit: PAGE_SIZE } },
      signal,
    }),
  );

/** Closes the open reports on a report's target without acting on it. */
export const dismissReport = (id: number, reason: string): Promise<ModlogEntry> =>
  unwrap(api.POST("/api/v1/mod/reports/{id}/dismiss", { params: { path: { id } }, body: { reason } }));

export type PostModeration = "remove" | "restore" | "lock" | "unlock";

/** Removes or restores a post, or locks or unlocks its comments; answers the log row. */
export function moderatePost(id: number, action: PostModeration, reason: string): Promise<ModlogEntry> {
  const request = { params: { path: { id } }, body: { reason } };
  switch (action) {
    case "remove":
      return unwrap(api.POST("/api/v1/mod/posts/{id}/remove", request));
    case "restore":
      return unwrap(api.POST("/api/v1/mod/posts/{id}/restore", request));
    case "lock":
      return unwrap(api.POST("/api/v1/mod/posts/{id}/lock", request));
    case "unlock":
      return unwrap(api.POST("/api/v1/mod/posts/{id}/unlock", request));
  }
}

export type CommentModeration = "remove" | "restore";

export function moderateComment(id: number, action: CommentModeration, reason: string): Promise<ModlogEntry> {
  const request = { params: { path: { id } }, body: { reason } };
  return action === "remove"
    ? unwrap(api.POST("/api/v1/mod/comments/{id}/remove", request))
    : unwrap(api.POST("/api/v1/mod/comments/{id}/restore", request));
}

// `/mod/users/{key}` and `/admin/moderators/{key}` take a name or an id; the app passes the id
// where it has one (a rename meanwhile cannot aim it at someone else).

/** Bans a user for `days`, or for good without them; `remove_content` takes their posts and comments out too. */
export const banUser = (userKey: string, body: BanRequest): Promise<ModlogEntry> =>
  unwrap(api.POST("/api/v1/mod/users/{key}/ban", { params: { path: { key: userKey } }, body }));

export const unbanUser = (userKey: string, reason: string): Promise<ModlogEntry> =>
  unwrap(api.POST("/api/v1/mod/users/{key}/unban", { params: { path: { key: userKey } }, body: { reason } }));

/** Administrators only. */
export const appointModerator = (userKey: string): Promise<ModlogEntry> =>
  unwrap(api.PUT("/api/v1/admin/moderators/{key}", { params: { path: { key: userKey } } }));

/** Administrators only: the user keeps their account, not the role. */
export const removeModerator = (userKey: string): Promise<ModlogEntry> =>
  unwrap(api.DELETE("/api/v1/admin/moderators/{key}", { params: { path: { key: userKey } } }));

/** Every moderator and administrator (public). */
export const fetchStaff = (signal?: AbortSignal): Promise<StaffMember[]> => unwrap(api.GET("/api/v1/moderators", { signal }));

/** What the log shows: one action, one moderator's, about one user (names as typed; empty: all). */
export type ModlogFilter = { action?: ModerationAction; moderator?: string; targetUser?: string };

export const fetchModlogPage = (filter: ModlogFilter, cursor: string | undefined, signal: AbortSignal): Promise<ModlogPage> =>
  unwrap(
    api.GET("/api/v1/modlog", {
      params: {
        query: {
          action: filter.action,
          moderator: filter.moderator || undefined,
          target_user: filter.targetUser || undefined,
          cursor,
          limit: PAGE_SIZE,
        },
      },
      signal,
    }),
  );

/** Whether a user is banned now, as far as the public log tells (a profile does not say). */
export type BanStanding = { banned: boolean; until: string | null; reason: string };

/**
 * A user's ban, read from the public log: their latest `ban` row, unless an `unban` came after
 * it or it has run out. (A profile does not carry the ban, and moderators need to know whether
 * to offer Ban or Unban.)
 */
export async function fetchBanStanding(userId: number, signal?: AbortSignal): Promise<BanStanding> {
  const latest = (action: ModerationAction) =>
    unwrap(api.GET("/api/v1/modlog", { params: { query: { action, target_user: String(userId), limit: 1 } }, signal })).then(
      (page) => page.items[0],
    );
  const [ban, unban] = await Promise.all([latest("ban"), latest("unban")]);
  const lifted = unban !== undefined && ban !== undefined && Date.parse(unban.created_at) >= Date.parse(ban.created_at);
  const expired = ban?.expires_at ? Date.parse(ban.expires_at) <= Date.now() : false;
  if (!ban || lifted || expired) return { banned: false, until: null, reason: "" };
  return { banned: true, until: ban.expires_at ?? null, reason: ban.reason };
}
