//! What the API's OAuth callback put in the fragment of `/oauth/complete#…`.
import { safeNext } from "./safe-next";

export type OAuthOutcome =
  | { kind: "code"; code: string; next: string }
  | { kind: "linked"; provider: string; next: string }
  | { kind: "error"; code: string; message: string; provider: string }
  | { kind: "none" };

/** Longest server message shown; the fragment is only as trustworthy as the link that carried it. */
const MAX_MESSAGE = 400;

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
      message: (fragment.get("message") ?? "").slice(0, MAX_MESSAGE),
      provider: fragment.get("provider") ?? "",
    };
  }
  return { kind: "none" };
}
