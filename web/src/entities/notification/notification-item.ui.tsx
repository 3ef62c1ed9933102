import { ShieldAlert } from "lucide-react";
import { Link } from "react-router";
import type { Notification } from "@/shared/api";
import { Avatar, TimeAgo } from "@/shared/ui";
import { describeNotification, notificationPath } from "./notification-text";

/** The excerpt says what was written: a reply, the text you were named in, or the comment liked. */
function showsExcerpt(notification: Notification) {
  return (
    notification.kind === "reply" ||
    notification.kind === "mention" ||
    (notification.kind === "like" && notification.target.kind === "comment")
  );
}

/**
 * One inbox entry: the actors' pictures, the sentence, what was written, and when. The whole row
 * is one link to what it is about; `onOpen` runs as it is followed (to mark it read). An unread
 * entry is tinted, bold and dotted, and says "Unread" to screen readers.
 */
export function NotificationItem({
  notification,
  onOpen,
}: {
  notification: Notification;
  onOpen?: (notification: Notification) => void;
}) {
  const { who, action, title, reason } = describeNotification(notification);
  const unread = !notification.read;
  const excerpt = reason ? `Reason: ${reason}` : showsExcerpt(notification) ? notification.target.excerpt.trim() : "";
  return (
    <li
      className={`notification${unread ? " notification-unread" : ""}`}
      data-notification-id={notification.id}
      data-kind={notification.kind}
      data-unread={unread || undefined}
    >
      <Link to={notificationPath(notification)} className="notification-link" onClick={() => onOpen?.(notification)}>
        <span className="notification-avatars" aria-hidden="true">
          {/* A moderator the site does not name: a shield instead of a face. */}
          {notification.kind === "moderation" && !notification.actors.length ? (
            <span className="notification-shield">
              <ShieldAlert size={20} />
            </span>
          ) : null}
          {notification.actors.slice(0, 3).map((actor) => (
            <Avatar
              key={actor.id}
              user={{ id: actor.id, name: actor.name, nickname: actor.display_name, avatar_small: actor.avatar_small }}
              size={32}
            />
          ))}
        </span>
        <span className="notification-body">
          <span className="notification-text">
            {unread ? <span className="sr-only">Unread: </span> : null}
            <strong>{who}</strong> {action}
            {title ? (
              <>
                {" "}
                <em className="notification-title">{title}</em>
              </>
            ) : null}
          </span>
          {excerpt ? <span className="notification-excerpt">{excerpt}</span> : null}
          <span className="notification-time">
            <TimeAgo iso={notification.created_at} />
          </span>
        </span>
        {unread ? <span className="notification-dot" aria-hidden="true" /> : null}
      </Link>
    </li>
  );
}
