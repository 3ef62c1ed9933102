//! The app's own wording for the server's error codes. The server's `message` is written for
//! developers (lower case, sometimes technical); what a person reads comes from here, so every
//! message shown is a capitalised sentence the app chose. Unknown codes fall back to the
//! server's message as a sentence, then to a general text for the status.

import { fullDate, sentence } from "@/shared/lib/format";

const BY_CODE: Record<string, string> = {
  validation_failed: "Some fields need a look.",
  invalid_json: "The request was not understood.",
  invalid_query: "The request was not understood.",
  invalid_characters: "The text contains a character that cannot be saved (a NUL character). Remove it and try again.",
  payload_too_large: "That is too large to send.",
  unsupported_media_type: "The request was not understood.",
  rate_limited: "Too many attempts. Please wait a moment and try again.",
  service_unavailable: "This is unavailable right now. Please try again in a moment.",
  internal_error: "Something went wrong on our side. Please try again.",
  not_found: "Not found.",

  missing_token: "Please sign in to do this.",
  token_expired: "Your session has expired. Please sign in again.",
  session_revoked: "You were signed out. Please sign in again.",
  invalid_refresh_token: "Your session has ended. Please sign in again.",
  refresh_token_reused: "Your session has ended. Please sign in again.",
  refresh_token_expired: "Your session has expired. Please sign in again.",
  invalid_credentials: "The username, email or password is wrong.",
  account_disabled: "This account is disabled.",
  email_unconfirmed: "Please confirm your email address first: follow the link we emailed you.",
  name_taken: "That username is taken. Please choose another.",
  email_taken: "An account with this email address already exists. Sign in instead?",
  wrong_password: "Your current password is not right.",
  token_used: "This link has already been used.",
  invalid_oauth_code: "This sign-in link expired or was used already. Please sign in again.",
  oauth_provider_not_configured: "This sign-in method is not available on this site.",
  last_sign_in_method:
    "This is your only way to sign in. Set a password first (Forgot password emails you a link), or link another account.",

  not_author: "Only the author can change this post.",
  not_allowed: "Only the comment's author or the post's author can delete it.",
  comments_closed: "The author has turned comments off for this post.",
  invalid_ref_id: "The comment you are replying to no longer exists.",
  cannot_follow_self: "You cannot follow yourself.",
  unsupported_reaction: "Only posts can be bookmarked.",
  collects_private: "This person keeps their bookmarks private.",
  invalid_image: "That file is not an image we can use. Choose a PNG, JPEG or WebP picture.",
  invalid_multipart: "The file could not be sent. Please choose it again.",
  too_many_feeds: "You have reached the limit of feeds you can import.",
  feed_exists: "You already import this feed.",
  empty_query: "Type something to search for.",
  query_too_long: "That search is too long. Use fewer words.",
  invalid_cursor: "This list changed. Please reload it from the start.",
  invalid_limit: "The request was not understood.",

  forbidden: "You are not allowed to do that.",
  banned: "Your account is banned.",
  removed: "This was removed by a moderator.",
  locked: "A moderator locked this post's comments: only a moderator can open them again.",
  already_reported: "You already reported this. A moderator will look at it.",
  own_content: "You cannot report yourself or what you wrote.",
  own_account: "You cannot do that to your own account.",
  already_removed: "A moderator removed this already.",
  not_removed: "This is not removed.",
  already_locked: "Its comments are locked already.",
  not_locked: "Its comments are not locked by a moderator.",
  already_banned: "This account is banned already.",
  not_banned: "This account is not banned.",
  not_open: "This report was closed already.",
  already_moderator: "This person is a moderator already.",
  is_admin: "This person is an administrator: that role is given and taken on the server, not here.",
  not_moderator: "This person is not a moderator.",
  unsupported_filter: "Those filters cannot be combined.",
};

/**
 * Codes whose meaning depends on the endpoint (`invalid_token` is a bad access token for most
 * calls, a bad link for confirmation and reset): callers that know better override these.
 */
const AMBIGUOUS: Record<string, string> = {
  invalid_token: "This link or session is not valid.",
};

const BY_STATUS: Record<number, string> = {
  400: "The request was not understood.",
  401: "Please sign in again.",
  403: "You are not allowed to do that.",
  404: "Not found.",
  409: "That conflicts with something that already exists.",
  413: "That is too large.",
  422: "Some fields need a look.",
  429: "Too many requests. Please try again in a moment.",
  500: "Something went wrong on our side. Please try again.",
  502: "The server is not reachable right now.",
  503: "This is unavailable right now. Please try again in a moment.",
};

export function statusMessage(status: number): string {
  return BY_STATUS[status] ?? `Request failed (HTTP ${status}).`;
}

/** What the app says for an error `code` (with the server's message as the last resort). */
export function messageForCode(code: string, status: number, serverMessage?: string): string {
  // Comments closed by a moderator's lock: the server's message names the reason, worth reading.
  if (code === "comments_closed" && serverMessage && /moderator/i.test(serverMessage)) return sentence(serverMessage);
  return BY_CODE[code] ?? AMBIGUOUS[code] ?? (serverMessage ? sentence(serverMessage) : statusMessage(status));
}

/**
 * "Your account is banned until Dec 5, 2026, 10:00 AM: spam links" (or "for good"): the banner's
 * words and every refused write's (403 `banned`, whose fields carry `until` and `reason`).
 */
export function banMessage({ until, reason }: { until?: string | null; reason?: string }): string {
  const when = until ? `until ${fullDate(until)}` : "for good";
  const why = reason?.trim();
  return why ? `Your account is banned ${when}: ${why}` : `Your account is banned ${when}.`;
}

const FIELD_PHRASES: [RegExp, string][] = [
  [/markdown_limits|nest|too deep/i, "This Markdown is nested too deeply or has too many parts. Simplify it and try again."],
  [
    /control characters or line breaks|control_characters.*single/i,
    "Use one line of plain text (no line breaks or control characters).",
  ],
  [/control.characters/i, "Remove the invisible control characters (only line breaks and tabs are allowed)."],
  [/must not be blank|is required/i, "This field is required."],
  [/must be an email address/i, "Enter an email address like name@example.com."],
  [/must be an http:\/\/ or https:\/\/ url/i, "Enter a web address starting with http:// or https://."],
];

/** A field message from the server in the app's words (known phrases), else as a sentence. */
export function fieldMessage(message: string, code?: string): string {
  if (code && BY_CODE[code] && code !== "validation_failed") return BY_CODE[code]!;
  for (const [pattern, text] of FIELD_PHRASES) if (pattern.test(message)) return text;
  return sentence(message);
}
