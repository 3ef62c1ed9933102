import { Bell } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { NavLink } from "react-router";
import { useUnreadCount } from "@/entities/notification";
import { paths } from "@/shared/config";

/** What the badge shows: the count, "99+" above 99. */
export function badgeText(count: number): string {
  return count > 99 ? "99+" : String(count);
}

function countSentence(count: number): string {
  if (count === 0) return "No unread notifications";
  return `${count} unread notification${count === 1 ? "" : "s"}`;
}

/**
 * What the live region says: the count each time it changes after the first (a page load is
 * not news; a notification arriving, or all of them read, is).
 */
function useCountAnnouncement(count: number | undefined): string {
  const previous = useRef(count);
  const [text, setText] = useState("");
  useEffect(() => {
    if (count === undefined) return;
    if (previous.current !== undefined && previous.current !== count) setText(countSentence(count));
    previous.current = count;
  }, [count]);
  return text;
}

/**
 * The header's bell (signed in only): a link to the inbox with the unread count as a badge,
 * hidden at 0. The count comes from `GET /me/notifications/unread-count` and then from the event
 * stream (`watchNotificationStream`, started by the app), so it changes without a reload. The
 * link's name carries the exact count ("Notifications, 3 unread"); a polite live region tells
 * screen readers when it changes.
 */
export function NotificationBell() {
  const count = useUnreadCount(true);
  const announcement = useCountAnnouncement(count);
  const unread = count ?? 0;
  return (
    <>
      <NavLink
        to={paths.notifications}
        end
        className={({ isActive }) => `nav-link nav-bell${isActive ? " nav-link-active" : ""}`}
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
        data-unread-count={unread}
      >
        <Bell aria-hidden="true" size={18} />
        {unread > 0 ? (
          <span className="bell-badge" aria-hidden="true" data-unread-badge="">
            {badgeText(unread)}
          </span>
        ) : null}
      </NavLink>
      <span className="sr-only" role="status" data-unread-announcement="">
        {announcement}
      </span>
    </>
  );
}
