import type {
  ActorSummary,
  Comment,
  Me,
  ModlogEntry,
  Notification,
  PostCard,
  PostDetail,
  PostPage,
  Report,
  UserProfile,
} from "@/shared/api";

export function makePost(id: number, overrides: Partial<PostCard> = {}): PostCard {
  return {
    id,
    title: `Post ${id}`,
    orig_url: null,
    excerpt: `Excerpt of post ${id}`,
    tags: ["rust"],
    author: { id: 100 + id, name: `author${id}`, nickname: "", avatar: "", avatar_small: "" },
    can_comment: true,
    like_count: id,
    collect_count: 0,
    comment_count: 0,
    created_at: "2026-11-26T10:00:00Z",
    updated_at: "2026-11-26T10:00:00Z",
    liked: false,
    collected: false,
    author_followed: false,
    ...overrides,
  } as PostCard;
}

export function makeDetail(id: number, overrides: Partial<PostDetail> = {}): PostDetail {
  return {
    ...makePost(id),
    content: "Hello",
    content_html: "<p>Hello</p>",
    removed: null,
    locked_reason: null,
    ...overrides,
  } as PostDetail;
}

export function page(items: PostCard[], next_cursor: string | null = null): PostPage {
  return { items, next_cursor } as PostPage;
}

export function makeComment(id: number, overrides: Partial<Comment> = {}): Comment {
  return {
    id,
    post_id: 1,
    ref_id: 0,
    author: { id: 7, name: "commenter", nickname: "", avatar: "", avatar_small: "" },
    content: `comment ${id}`,
    content_html: `<p>comment ${id}</p>`,
    like_count: 0,
    liked: false,
    created_at: "2026-11-26T10:00:00Z",
    edited_at: null,
    deleted: false,
    removed: false,
    removed_reason: null,
    replies: [],
    ...overrides,
  } as Comment;
}

/** The signed-in user as `GET /me` answers (bookmarks private, as by default). */
export function makeMe(overrides: Partial<Me> = {}): Me {
  return {
    id: 5,
    name: "ann",
    nickname: "Ann",
    email: "ann@example.com",
    confirmed: true,
    avatar: "",
    avatar_small: "",
    bio: "",
    company: "",
    website: "",
    created_at: "2026-11-20T10:00:00Z",
    stats: { post_count: 1, follower_count: 0, following_count: 0 },
    collects_public: false,
    role: "user",
    ban: null,
    ...overrides,
  } as Me;
}

/** Someone's profile as `GET /users/{key}` answers. */
export function makeProfile(overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    id: 6,
    name: "bob",
    nickname: "Bob",
    avatar: "",
    avatar_small: "",
    bio: "",
    company: "",
    website: "",
    created_at: "2026-11-20T10:00:00Z",
    stats: { post_count: 0, follower_count: 0, following_count: 0 },
    followed: false,
    collects_public: false,
    ...overrides,
  } as UserProfile;
}

/** An inbox entry as `GET /me/notifications` and the stream send it: bob replied to post 12. */
export function makeNotification(id: number, overrides: Partial<Notification> = {}): Notification {
  return {
    id,
    kind: "reply",
    actors: [{ id: 6, name: "bob", display_name: "Bob", avatar_small: "" }],
    actor_count: 1,
    target: {
      kind: "comment",
      id: 30 + id,
      post_id: 12,
      title: "Rust in production",
      excerpt: "I agree with this",
      url: `/posts/12#comment-${30 + id}`,
    },
    created_at: "2026-11-26T10:00:00Z",
    read: false,
    moderation: null,
    ...overrides,
  } as Notification;
}

/** `n` people who liked something, newest first. */
export function makeActors(...names: string[]): ActorSummary[] {
  return names.map((name, index) => ({ id: 200 + index, name, display_name: name, avatar_small: "" }));
}

/** Someone as lists of reports and log rows name them. */
export function makeUserSummary(id: number, name: string) {
  return { id, name, nickname: "", avatar: "", avatar_small: "" };
}

/** An open report on post 12 by author bob, from carol. */
export function makeReport(id: number, overrides: Partial<Report> = {}): Report {
  return {
    id,
    kind: "spam",
    reason: "Buy cheap watches links",
    status: "open",
    reporter: makeUserSummary(8, "carol"),
    target: {
      kind: "post",
      id: 12,
      post_id: 12,
      title: "Rust in production",
      excerpt: "Why we moved",
      author: makeUserSummary(6, "bob"),
      removed: false,
      exists: true,
    },
    open_reports: 1,
    created_at: "2026-11-26T10:00:00Z",
    resolved_at: null,
    action: null,
    ...overrides,
  } as Report;
}

/** A row of the moderation log: mod removed bob's post 12. */
export function makeModlogEntry(id: number, overrides: Partial<ModlogEntry> = {}): ModlogEntry {
  return {
    id,
    action: "remove",
    moderator: makeUserSummary(3, "mod"),
    target: { kind: "post", id: 12, post_id: 12, title: "Rust in production" },
    target_user: makeUserSummary(6, "bob"),
    reason: "spam",
    created_at: "2026-11-26T10:00:00Z",
    expires_at: null,
    ...overrides,
  } as ModlogEntry;
}
