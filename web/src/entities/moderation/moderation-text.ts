//! What moderation's words are: the kinds of report, the actions of the log, and how a log row
//! reads ("alice removed the post Title by bob").
import type { ModerationAction, ModlogEntry, ReportKind, ReportStatus } from "@/shared/api";
import { paths } from "@/shared/config";
import { displayName, fullDate } from "@/shared/lib";

export type ReportKindInfo = { kind: ReportKind; label: string; hint: string };

/** In the order the report dialog offers them; "other" asks for details. */
export const REPORT_KINDS: ReportKindInfo[] = [
  { kind: "spam", label: "Spam", hint: "Advertising, link farming, the same thing over and over." },
  { kind: "harassment", label: "Harassment", hint: "A personal attack, or hounding someone." },
  { kind: "hate", label: "Hate", hint: "Hate against a group of people." },
  { kind: "explicit", label: "Explicit", hint: "Sexual or violent content where it does not belong." },
  { kind: "illegal", label: "Illegal", hint: "Against the law." },
  { kind: "other", label: "Something else", hint: "Say what in the details." },
];

export function reportKindLabel(kind: string): string {
  return REPORT_KINDS.find((info) => info.kind === kind)?.label ?? kind;
}

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  open: "Open",
  resolved: "Resolved",
  dismissed: "Dismissed",
};

/** Every action of the log, in the order the log's filter lists them. */
export const MODERATION_ACTIONS: ModerationAction[] = [
  "remove",
  "restore",
  "lock",
  "unlock",
  "ban",
  "unban",
  "appoint",
  "unappoint",
  "dismiss",
];

/** The filter's names for them. */
export const ACTION_LABELS: Record<ModerationAction, string> = {
  remove: "Removed",
  restore: "Restored",
  lock: "Comments locked",
  unlock: "Comments unlocked",
  ban: "Banned",
  unban: "Ban lifted",
  appoint: "Moderator appointed",
  unappoint: "Moderator removed",
  dismiss: "Reports dismissed",
};

export function isModerationAction(value: string | null | undefined): value is ModerationAction {
  return MODERATION_ACTIONS.includes(value as ModerationAction);
}

/** Where a log row's target is: the post, the comment in its thread, or the person. */
export function modlogTargetPath(entry: Pick<ModlogEntry, "target" | "target_user">): string | null {
  const { kind, id, post_id } = entry.target;
  if (kind === "post") return paths.post(id);
  if (kind === "comment") return post_id ? paths.comment(post_id, id) : null;
  return entry.target_user ? paths.user(entry.target_user.name) : null;
}

/** The target as a phrase to link: the post's title, "a comment on Title", the person's name. */
export function modlogTargetText(entry: Pick<ModlogEntry, "target" | "target_user">): string {
  const { kind, id, title } = entry.target;
  const named = title?.trim();
  if (kind === "post") return named ? `“${named}”` : `post #${id}`;
  if (kind === "comment") return named ? `a comment on “${named}”` : `comment #${id}`;
  return entry.target_user ? displayName(entry.target_user) : `user #${id}`;
}

export type ModlogWords = {
  /** The moderator's name, or "A moderator" where the site hides names. */
  who: string;
  /** The words before the target: "removed the post", "banned". */
  before: string;
  /** After it: " by bob", " until Dec 5, 2026", " a moderator". */
  after: string;
};

/** "alice removed the post “Title” by bob", in three parts around the target (a link). */
export function describeModlogEntry(entry: ModlogEntry): ModlogWords {
  const who = entry.moderator ? displayName(entry.moderator) : "A moderator";
  // Whose post or comment it was (a user target is the person already).
  const author = entry.target.kind !== "user" && entry.target_user ? ` by ${displayName(entry.target_user)}` : "";
  const noun = entry.target.kind === "post" ? " the post" : "";
  switch (entry.action) {
    case "remove":
      return { who, before: `removed${noun}`, after: author };
    case "restore":
      return { who, before: `restored${noun}`, after: author };
    case "lock":
      return { who, before: "locked the comments on", after: "" };
    case "unlock":
      return { who, before: "unlocked the comments on", after: "" };
    case "ban":
      return { who, before: "banned", after: entry.expires_at ? ` until ${fullDate(entry.expires_at)}` : " for good" };
    case "unban":
      return { who, before: "lifted the ban on", after: "" };
    case "appoint":
      return { who, before: "made", after: " a moderator" };
    case "unappoint":
      return { who, before: "took the moderator role from", after: "" };
    case "dismiss":
      return { who, before: `dismissed the reports on${noun}`, after: author };
    default:
      // An action added on the server after this app was built.
      return { who, before: `${String(entry.action)}:`, after: "" };
  }
}
