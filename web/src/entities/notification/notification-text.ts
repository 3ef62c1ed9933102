//! What a notification says: "alice and 4 others liked your post *Title*".
import type { Notification } from "@/shared/api";
import { paths } from "@/shared/config";

export type NotificationWords = {
  /** "alice", "alice and bob", "alice and 4 others". */
  who: string;
  /** "liked your post", "replied to", "started following you". */
  action: string;
  /** The post's title, shown after the action (emphasised); null when the sentence is whole without it. */
  title: string | null;
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
    default:
      // A kind added on the server after this app was built.
      return { who, action: "did something on Tidings", title };
  }
}

/** The whole sentence as plain text. */
export function notificationSentence(notification: Notification): string {
  const { who, action, title } = describeNotification(notification);
  return `${who} ${action}${title ? ` ${title}` : ""}`;
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
