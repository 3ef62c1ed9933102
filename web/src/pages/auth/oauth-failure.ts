//! Our own words for each error code the API's OAuth callback can put in
//! `/oauth/complete#error=…&message=…`. The fragment comes from whatever link was followed, so
//! its message is never shown as ours: only for the codes whose reason comes from the provider
//! (`oauth_denied`, `oauth_failed`) is it quoted, as the provider's detail, one line and short.
import type { OAuthProvider } from "@/shared/api";

export type FailureText = {
  /** The page's heading (and document title). */
  title: string;
  /** What happened and what to do, in our words. */
  text: string;
  /** Whether the server's message may be quoted under it: the provider's reason, which we cannot know. */
  quoteDetail: boolean;
};

/** The name of a configured provider, or null for an id this server does not offer. */
export function knownProviderName(id: string, providers: OAuthProvider[] | undefined): string | null {
  return providers?.find((provider) => provider.id === id)?.name ?? (id === "github" ? "GitHub" : null);
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** `provider` is a name from `knownProviderName`, or null when the fragment named none we know. */
export function oauthFailureText(code: string, provider: string | null): FailureText {
  const name = provider ?? "the sign-in provider";
  const its = provider ? `your ${provider} account` : "your account there";
  const text = (title: string, body: string, quoteDetail = false): FailureText => ({
    title: capitalised(title),
    text: capitalised(body),
    quoteDetail,
  });
  switch (code) {
    case "oauth_denied":
      return text(
        `${name} did not sign you in`,
        `The sign-in was cancelled there, or ${name} refused it. You can try again, or sign in another way.`,
        true,
      );
    case "oauth_failed":
      return text(
        "Sign-in did not complete",
        `${name} could not confirm who you are, so you are not signed in. Try again, or sign in another way.`,
        true,
      );
    case "oauth_state_invalid":
      return text(
        "This sign-in link is not valid",
        "It has expired, was used already, or was started in another browser. Please start again.",
      );
    case "oauth_unavailable":
      return text(`${name} is not answering`, "Try again in a few minutes, or sign in another way.");
    case "oauth_email_missing":
      return text(
        "No verified email address",
        `${name} did not share a verified email address, which a new account needs. Add one to ${its} and try again, or register with a password.`,
      );
    case "oauth_email_taken":
      return text(
        "That email address already has an account",
        `The email address of ${its} already belongs to an account here. Sign in with your password, then link ${provider ?? "the provider"} in Settings.`,
      );
    case "oauth_identity_taken":
      return text(
        "The account could not be linked",
        `This ${provider ?? "provider"} account already signs in to another Tidings account. Unlink it there first, or link a different one.`,
      );
    case "oauth_already_linked":
      return text(
        "The account could not be linked",
        `Your account is already linked to another ${provider ?? "provider"} account. Unlink that one in Settings first.`,
      );
    case "oauth_provider_not_configured":
      return text("This sign-in method is not available", "This site does not offer sign-in with that provider.");
    case "server_error":
      return text("Sign-in did not complete", "Something went wrong on our side. Please try again.");
    default:
      return text("Sign-in did not complete", "You are not signed in. Please try again, or sign in another way.");
  }
}
