//! What each kind of notification is called, in settings, mails' unsubscribe page and the inbox.
import type { NotificationKind } from "@/shared/api";
import { sentence } from "@/shared/lib";

export type KindInfo = {
  /** A settings row's name: "Replies". */
  label: string;
  /** In "emails about …": "replies". */
  about: string;
  /** When it is sent. */
  hint: string;
};

export const NOTIFICATION_KINDS: Record<NotificationKind, KindInfo> = {
  reply: { label: "Replies", about: "replies", hint: "Someone answers your post or one of your comments." },
  mention: { label: "Mentions", about: "mentions", hint: "Someone writes @yourname in a post or comment." },
  like: { label: "Likes", about: "likes", hint: "People like your post or comment (grouped per post or comment)." },
  follow: { label: "New followers", about: "new followers", hint: "Someone starts following you." },
  moderation: {
    label: "Moderation",
    about: "moderators' actions",
    hint: "A moderator removes, restores or locks your post or comment, or bans you: what and why.",
  },
};

/** A kind's words; one the server added after this app was built is named as the server names it. */
export function kindInfo(kind: string): KindInfo {
  return (
    NOTIFICATION_KINDS[kind as NotificationKind] ?? {
      label: sentence(kind.replaceAll("_", " ")).replace(/\.$/, ""),
      about: kind.replaceAll("_", " "),
      hint: "",
    }
  );
}

export function isNotificationKind(value: string | null | undefined): value is NotificationKind {
  return value !== null && value !== undefined && Object.hasOwn(NOTIFICATION_KINDS, value);
}
