//! Names for the response and request bodies, all derived from the generated `paths` type
//! (never written by hand), so a change in openapi.json shows up here as a type error.
import type { components, paths } from "./schema";

type JsonOf<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

/** The JSON body of the first 2xx response of `paths[P][M]`. */
export type ResponseBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer Ok }
    ? JsonOf<Ok>
    : R extends { 201: infer Created }
      ? JsonOf<Created>
      : R extends { 202: infer Accepted }
        ? JsonOf<Accepted>
        : never
  : never;

/** The JSON request body of `paths[P][M]`. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? JsonOf<NonNullable<B>>
  : never;

type MultipartOf<T> = T extends { content: { "multipart/form-data": infer Body } } ? Body : never;

/** The `multipart/form-data` request body of `paths[P][M]` (binary parts are typed `string`). */
export type MultipartBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? MultipartOf<NonNullable<B>>
  : never;

export type AuthResponse = ResponseBody<"/api/v1/auth/login", "post">;
export type Me = ResponseBody<"/api/v1/me", "get">;
export type UpdateMeRequest = RequestBody<"/api/v1/me", "patch">;
export type AvatarUploadRequest = MultipartBody<"/api/v1/me/avatar", "put">;
export type ChangePasswordRequest = RequestBody<"/api/v1/me/password", "put">;
export type ChangeEmailRequest = RequestBody<"/api/v1/me/email", "post">;
/** `POST /me/email`'s 202: a link went to the new address; the account keeps the old one until it is opened. */
export type EmailChangePending = ResponseBody<"/api/v1/me/email", "post">;
export type RegisterRequest = RequestBody<"/api/v1/auth/register", "post">;
export type LoginRequest = RequestBody<"/api/v1/auth/login", "post">;
/** `POST /auth/register`'s 202: a confirmation mail is on its way and nobody is signed in. */
export type RegistrationPending = components["schemas"]["RegistrationPending"];
/** What registering answers: signed in (201) or waiting for confirmation (202). */
export type Registered = AuthResponse | RegistrationPending;

export type PostPage = ResponseBody<"/api/v1/posts", "get">;
export type PostCard = PostPage["items"][number];
export type PostDetail = ResponseBody<"/api/v1/posts/{id}", "get">;
export type CreatePostRequest = RequestBody<"/api/v1/posts", "post">;
export type UpdatePostRequest = RequestBody<"/api/v1/posts/{id}", "patch">;
export type PostAuthor = PostCard["author"];

export type CommentPage = ResponseBody<"/api/v1/posts/{id}/comments", "get">;
export type Comment = CommentPage["items"][number];

export type ReactionState = ResponseBody<"/api/v1/posts/{id}/like", "put">;
export type FollowState = ResponseBody<"/api/v1/users/{key}/follow", "put">;

export type UserProfile = ResponseBody<"/api/v1/users/{key}", "get">;
export type UserPage = ResponseBody<"/api/v1/users/{key}/followers", "get">;
export type UserCard = UserPage["items"][number];

export type TagCount = ResponseBody<"/api/v1/tags", "get">["items"][number];

/** `latest` or `hot`, for `/posts` and `/tags/{name}/posts`. */
export type PostSort = components["schemas"]["PostSort"];

/** A page of search results: each is a post card plus its highlighted title and snippet. */
export type SearchPage = ResponseBody<"/api/v1/search", "get">;
export type SearchResult = SearchPage["items"][number];

/** Any cursor page. */
export type CursorPage<T> = { items: T[]; next_cursor?: string | null };

export type FeedSourceList = ResponseBody<"/api/v1/me/feeds", "get">;
export type FeedSource = FeedSourceList["items"][number];
export type CreateFeedSourceRequest = RequestBody<"/api/v1/me/feeds", "post">;

/** A configured sign-in provider (`github`, `oidc`) and what its button calls it. */
export type OAuthProvider = ResponseBody<"/api/v1/auth/oauth/providers", "get">["providers"][number];
export type StartOAuthResponse = ResponseBody<"/api/v1/auth/oauth/{provider}/start", "post">;
export type LinkedIdentities = ResponseBody<"/api/v1/me/identities", "get">;
export type LinkedIdentity = LinkedIdentities["identities"][number];

/** Whether you have a private feed token for your home timeline, and since when. */
export type FeedTokenStatus = ResponseBody<"/api/v1/me/feed-token", "get">;
/** `POST /me/feed-token`'s 201: the token and its feed addresses, shown this once. */
export type FeedTokenCreated = ResponseBody<"/api/v1/me/feed-token", "post">;

/** A page of your notifications, newest first. */
export type NotificationPage = ResponseBody<"/api/v1/me/notifications", "get">;
/** One entry of the inbox (grouped likes: the latest actors, and how many there are in all). */
export type Notification = NotificationPage["items"][number];
export type NotificationKind = components["schemas"]["NotificationKind"];
/** Who did it: a name and a picture (`avatar_small` only). */
export type ActorSummary = Notification["actors"][number];
export type UnreadCount = ResponseBody<"/api/v1/me/notifications/unread-count", "get">;
export type MarkReadRequest = RequestBody<"/api/v1/me/notifications/read", "post">;
export type NotificationSettings = ResponseBody<"/api/v1/me/notification-settings", "get">;
/** One kind's choices: shown in the app, mailed. */
export type KindSetting = NotificationSettings["kinds"][number];
export type UpdateNotificationSettings = RequestBody<"/api/v1/me/notification-settings", "patch">;
/** A single-use pass for opening the event stream (`EventSource` cannot send headers). */
export type StreamTicket = ResponseBody<"/api/v1/me/notifications/stream-ticket", "post">;
/** What an unsubscribe link turned off. */
export type Unsubscribed = ResponseBody<"/api/v1/notifications/unsubscribe", "post">;
/** Someone offered while typing `@…`. */
export type UserSuggestion = ResponseBody<"/api/v1/user-suggestions", "get">[number];

/** `user`, `moderator` or `admin`: what `GET /me` says the signed-in person may do. */
export type Role = Me["role"];
/** A ban in force on the signed-in account (`GET /me`'s `ban`). */
export type BanState = NonNullable<Me["ban"]>;
/** A moderator's removal of a post, as its author and moderators see it. */
export type Removal = NonNullable<PostDetail["removed"]>;

export type CreateReportRequest = RequestBody<"/api/v1/reports", "post">;
export type ReportReceipt = ResponseBody<"/api/v1/reports", "post">;
/** Why something was reported: spam, harassment, hate, explicit, illegal, other. */
export type ReportKind = CreateReportRequest["kind"];
/** What a report or a moderation action is about: a post, a comment or a user. */
export type ModerationTargetKind = CreateReportRequest["target_kind"];
/** A page of the moderators' queue. */
export type ReportPage = ResponseBody<"/api/v1/mod/reports", "get">;
export type Report = ReportPage["items"][number];
export type ReportStatus = Report["status"];
/** The queue's tabs and orders. */
export type QueueFilter = components["schemas"]["QueueFilter"];
export type QueueSort = components["schemas"]["QueueSort"];
/** A page of the public moderation log. */
export type ModlogPage = ResponseBody<"/api/v1/modlog", "get">;
/** One row of the moderation log; every moderation action answers with its row. */
export type ModlogEntry = ModlogPage["items"][number];
export type ModerationAction = ModlogEntry["action"];
export type ReasonRequest = RequestBody<"/api/v1/mod/posts/{id}/remove", "post">;
export type BanRequest = RequestBody<"/api/v1/mod/users/{key}/ban", "post">;
/** A moderator or administrator, as `GET /moderators` lists them. */
export type StaffMember = ResponseBody<"/api/v1/moderators", "get">[number];
/** What a `moderation` notification says the moderator did, and why. */
export type ModerationNote = NonNullable<Notification["moderation"]>;
