import { describe, expect, it } from "vitest";
import { makeActors, makeNotification } from "@/test/fixtures";
import { describeNotification, notificationPath, notificationSentence } from "./notification-text";

const like = (names: string[], actorCount: number, target: "post" | "comment" = "post") =>
  makeNotification(1, {
    kind: "like",
    actors: makeActors(...names),
    actor_count: actorCount,
    target: { kind: target, id: 12, post_id: 12, title: "Rust in production", excerpt: "", url: "/posts/12" },
  });

describe("what a notification says", () => {
  it("groups likes: one name, two names, then the newest and how many others (actor_count − 1)", () => {
    expect(notificationSentence(like(["alice"], 1))).toBe("alice liked your post Rust in production");
    expect(notificationSentence(like(["alice", "bob"], 2))).toBe("alice and bob liked your post Rust in production");
    expect(notificationSentence(like(["alice", "bob", "carol"], 3))).toBe(
      "alice and 2 others liked your post Rust in production",
    );
    // At most three actors are sent; the count says how many there are.
    expect(notificationSentence(like(["alice", "bob", "carol"], 5))).toBe(
      "alice and 4 others liked your post Rust in production",
    );
    expect(describeNotification(like(["alice", "bob", "carol"], 5))).toEqual({
      who: "alice and 4 others",
      action: "liked your post",
      title: "Rust in production",
    });
    // Two in all, but only one still there to name: no "and 1 others".
    expect(describeNotification(like(["alice"], 2)).who).toBe("alice and 1 other");
    expect(notificationSentence(like(["alice"], 1, "comment"))).toBe("alice liked your comment on Rust in production");
  });

  it("replies, mentions and follows, with the display name", () => {
    expect(notificationSentence(makeNotification(1))).toBe("Bob replied to Rust in production");
    expect(notificationSentence(makeNotification(2, { kind: "mention" }))).toBe("Bob mentioned you in Rust in production");
    const follow = makeNotification(3, {
      kind: "follow",
      actors: [{ id: 9, name: "carol", display_name: "carol", avatar_small: "" }],
      target: { kind: "user", id: 5, post_id: null, title: "", excerpt: "", url: "/users/carol" },
    });
    expect(describeNotification(follow)).toEqual({ who: "carol", action: "started following you", title: null });
  });

  it("a post that is gone has no title: the sentence stays whole", () => {
    const gone = makeNotification(1, { target: { ...makeNotification(1).target, title: "" } });
    expect(notificationSentence(gone)).toBe("Bob replied to a deleted post");
    expect(notificationSentence(like(["alice"], 1))).toContain("liked your post");
  });

  it("leads to the server's app path, or to one made from the target when that is not an app path", () => {
    expect(notificationPath(makeNotification(4))).toBe("/posts/12#comment-34");
    const odd = makeNotification(4, { target: { ...makeNotification(4).target, url: "https://elsewhere.example/x" } });
    expect(notificationPath(odd)).toBe("/posts/12#comment-34");
    const protocolRelative = makeNotification(4, { target: { ...makeNotification(4).target, url: "//elsewhere.example/x" } });
    expect(notificationPath(protocolRelative)).toBe("/posts/12#comment-34");
  });

  it("moderation: what a moderator did and why; “A moderator” where names are hidden", () => {
    const moderated = (action: string, overrides: Parameters<typeof makeNotification>[1] = {}) =>
      makeNotification(5, {
        kind: "moderation",
        actors: [],
        actor_count: 0,
        target: { kind: "post", id: 12, post_id: 12, title: "Rust in production", excerpt: "", url: "/posts/12" },
        moderation: { action, reason: "Spam links", expires_at: null } as never,
        ...overrides,
      });
    expect(notificationSentence(moderated("remove"))).toBe("A moderator removed your post Rust in production: Spam links");
    expect(describeNotification(moderated("remove"))).toEqual({
      who: "A moderator",
      action: "removed your post",
      title: "Rust in production",
      reason: "Spam links",
    });
    expect(notificationSentence(moderated("restore", { actors: makeActors("mod"), actor_count: 1 }))).toBe(
      "mod restored your post Rust in production: Spam links",
    );
    const onComment = {
      kind: "comment" as const,
      id: 34,
      post_id: 12,
      title: "Rust in production",
      excerpt: "",
      url: "/posts/12#comment-34",
    };
    expect(notificationSentence(moderated("remove", { target: onComment }))).toBe(
      "A moderator removed your comment on Rust in production: Spam links",
    );
    expect(notificationSentence(moderated("lock"))).toBe(
      "A moderator locked the comments on your post Rust in production: Spam links",
    );
    const account = { kind: "user" as const, id: 5, post_id: null, title: "", excerpt: "", url: "/users/ann" };
    expect(
      notificationSentence(
        moderated("ban", { target: account, moderation: { action: "ban", reason: "Spam", expires_at: "2026-12-05T10:00:00Z" } }),
      ),
    ).toMatch(/^A moderator banned your account until Dec 5, 2026, .+: Spam$/);
    expect(notificationSentence(moderated("ban", { target: account }))).toBe(
      "A moderator banned your account for good: Spam links",
    );
    expect(notificationSentence(moderated("unban", { target: account }))).toBe(
      "A moderator lifted the ban on your account: Spam links",
    );
  });
});
