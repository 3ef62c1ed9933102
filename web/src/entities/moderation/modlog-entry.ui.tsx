import { Link } from "react-router";
import type { ModlogEntry } from "@/shared/api";
import { paths } from "@/shared/config";
import { TimeAgo } from "@/shared/ui";
import { describeModlogEntry, modlogTargetPath, modlogTargetText } from "./moderation-text";

/**
 * One row of the moderation log: who did what to which target (a link to it), why, and when.
 * Where the site hides moderators' names the row says "A moderator".
 */
export function ModlogEntryItem({ entry }: { entry: ModlogEntry }) {
  const { who, before, after } = describeModlogEntry(entry);
  const path = modlogTargetPath(entry);
  const target = modlogTargetText(entry);
  return (
    <li className="modlog-entry" data-modlog-id={entry.id} data-action={entry.action}>
      <p className="modlog-line">
        {entry.moderator ? (
          <Link className="modlog-who" to={paths.user(entry.moderator.name)}>
            {who}
          </Link>
        ) : (
          <span className="modlog-who">{who}</span>
        )}{" "}
        {before}{" "}
        {path ? (
          <Link to={path} data-modlog-target="">
            {target}
          </Link>
        ) : (
          <span data-modlog-target="">{target}</span>
        )}
        {after}
      </p>
      {entry.reason ? (
        <p className="modlog-reason">
          <span className="muted">Reason:</span> {entry.reason}
        </p>
      ) : null}
      <p className="modlog-time muted">
        <TimeAgo iso={entry.created_at} />
      </p>
    </li>
  );
}
