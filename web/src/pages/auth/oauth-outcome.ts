//! What the API's OAuth callback put in the fragment of `/oauth/complete#…`. Anyone can send a
//! link with any fragment, so nothing here is trusted: `next` goes through `safeNext`, the error
//! code only picks one of our own texts, and the message is kept short and one-line.
import { safeNext } from "./safe-next";

export type OAuthOutcome =
  | { kind: "code"; code: string; next: string }
  | { kind: "linked"; provider: string; next: string }
  | { kind: "error"; code: string; message: string; provider: string }
  | { kind: "none" };

/** Longest server message kept (it is shown, quoted, only for the provider's own errors). */
export const MAX_MESSAGE = 200;

/** One line of at most MAX_MESSAGE characters, "…" where it was cut. */
export function capMessage(text: string): string {
  const line = text.replace(/[\s\p{Cc}]+/gu, " ").trim();
  const chars = Array.from(line);
  return chars.length > MAX_MESSAGE
    ? `${chars
        .slice(0, MAX_MESSAGE - 1)
        .join("")
        .trimEnd()}…`
    : line;
}

export function readOAuthOutcome(hash: string): OAuthOutcome {
  const fragment = new URLSearchParams(hash.replace(/^#/, ""));
  const code = fragment.get("code");
  if (code) return { kind: "code", code, next: safeNext(fragment.get("next")) };
  const linked = fragment.get("linked");
  if (linked) return { kind: "linked", provider: linked, next: safeNext(fragment.get("next") ?? "/settings") };
  const error = fragment.get("error");
  if (error) {
    return {
      kind: "error",
      code: error,
      message: capMessage(fragment.get("message") ?? ""),
      provider: fragment.get("provider") ?? "",
    };
  }
  return { kind: "none" };
}
