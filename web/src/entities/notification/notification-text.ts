//! What a notification says: "alice and 4 others liked your post *Title*".
import type { ModerationNote, Notification } from "@/shared/api";
import { paths } from "@/shared/config";
import { fullDate } from "@/shared/lib";

export type NotificationWords = {
  /** "alice", "alice and bob", "alice and 4 others". */
  who: string;
  /** "liked your post", "replied to", "started following you". */
  action: string;
  /** The post's title, shown after the action (emphasised); null when the sentence is whole without it. */
  title: string | null;
  /** A moderator's reason (`moderation` only). */
  reason?: string;
};

/**
 * Who did it. Likes are grouped: `actors` holds the latest (at most 3, newest first) and
 * `actor_count` all of them, so two read "alice and bob" and more "alice and N others".
 */
export function actorsPhrase(notification: Pick<Notification, "actors" | "actor_count">): string {
  const [first, second] = notification.actors;
  if (!first) return notification.actor_count > 1 ? `${notification.actor_count} people` : "Someone";
  const name = (actor: typeof first) => actor.display_name || actor.name;
  const others = Math.max(notification.actor_count, notification.actors.length) - 1;
  if (others <= 0) return name(first);
  if (others === 1 && second) return `${name(first)} and ${name(second)}`;
  return `${name(first)} and ${others} ${others === 1 ? "other" : "others"}`;
}

export function describeNotification(notification: Notification): NotificationWords {
  const who = actorsPhrase(notification);
  const title = notification.target.title.trim() || null;
  switch (notification.kind) {
    case "reply":
      return title ? { who, action: "replied to", title } : { who, action: "replied to a deleted post", title: null };
    case "mention":
      return title ? { who, action: "mentioned you in", title } : { who, action: "mentioned you", title: null };
    case "like":
      if (notification.target.kind === "comment") {
        return title ? { who, action: "liked your comment on", title } : { who, action: "liked your comment", title: null };
      }
      return { who, action: "liked your post", title };
    case "follow":
      return { who, action: "started following you", title: null };
    case "moderation":
      return describeModeration(notification, title);
    default:
      // A kind added on the server after this app was built.
      return { who, action: "did something on Tidings", title };
  }
}

/**
 * "A moderator removed your post *Title*", with the reason. The moderator is named only where
 * the site shows moderators' names (else `actors` is empty).
 */
function describeModeration(notification: Notification, title: string | null): NotificationWords {
  const who = notification.actors.length ? actorsPhrase(notification) : "A moderator";
  const note: ModerationNote | null | undefined = notification.moderation;
  const reason = note?.reason.trim() || undefined;
  const onComment = notification.target.kind === "comment";
  const about = (verb: string): NotificationWords =>
    title
      ? { who, action: `${verb} your ${onComment ? "comment on" : "post"}`, title, reason }
      : { who, action: `${verb} your ${onComment ? "comment" : "post"}`, title: null, reason };
  switch (note?.action) {
    case "remove":
      return about("removed");
    case "restore":
      return about("restored");
    case "lock":
      return { who, action: "locked the comments on your post", title, reason };
    case "unlock":
      return { who, action: "unlocked the comments on your post", title, reason };
    case "ban": {
      const until = note.expires_at ? `until ${fullDate(note.expires_at)}` : "for good";
      return { who, action: `banned your account ${until}`, title: null, reason };
    }
    case "unban":
      return { who, action: "lifted the ban on your account", title: null, reason };
    case "appoint":
      return { who, action: "made you a moderator", title: null, reason };
    case "unappoint":
      return { who, action: "took your moderator role away", title: null, reason };
    default:
      return { who, action: "acted on your account", title, reason };
  }
}

/** The whole sentence as plain text. */
export function notificationSentence(notification: Notification): string {
  const { who, action, title, reason } = describeNotification(notification);
  return `${who} ${action}${title ? ` ${title}` : ""}${reason ? `: ${reason}` : ""}`;
}

/**
 * Where the notification leads: the server's `target.url` (an app path such as
 * `/posts/12#comment-34`), or, should it not be one, a path made from the target.
 */
export function notificationPath(notification: Notification): string {
  const { url, kind, id, post_id } = notification.target;
  if (url.startsWith("/") && !url.startsWith("//")) return url;
  if (kind === "comment" && post_id) return paths.comment(post_id, id);
  if (kind === "post") return paths.post(id);
  const actor = notification.actors[0];
  return kind === "user" && actor ? paths.user(actor.name) : paths.notifications;
}
