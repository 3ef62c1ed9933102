import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";
import { signInWithOAuthCode } from "@/features/auth";
import { identityKeys, oauthProvidersQuery, providerName } from "@/entities/identity";
import { useViewer } from "@/entities/session";
import { toApiError } from "@/shared/api";
import { paths, registerPath, signInPath } from "@/shared/config";
import { sentence, useDocumentTitle } from "@/shared/lib";
import { Alert, Loading, showToast } from "@/shared/ui";
import { knownProviderName, oauthFailureText, type FailureText } from "./oauth-failure";
import { readOAuthOutcome, type OAuthOutcome } from "./oauth-outcome";

/**
 * Why the sign-in stopped: from the fragment (anyone can craft it: only its code picks our text)
 * or from our API's answer to the code exchange (its message is ours to show).
 */
type Failure =
  { from: "fragment"; code: string; message: string; provider: string } | { from: "api"; code: string; message: string };

function FailureCard({ failure, words }: { failure: Failure; words: FailureText }) {
  const { signedIn } = useViewer();
  // With an email that already has an account, the way forward is a password sign-in, then
  // linking the provider in Settings: the sign-in page sends there afterwards.
  const emailTaken = failure.code === "oauth_email_taken";
  const signInLink = emailTaken ? signInPath(paths.settings) : paths.signIn;
  const detail = failure.from === "fragment" && words.quoteDetail ? failure.message : "";
  return (
    <div className="layout-auth">
      <div className="card auth-card">
        <h1 className="page-title">{words.title}</h1>
        <Alert>
          <p>{failure.from === "api" ? sentence(failure.message) : words.text}</p>
        </Alert>
        {detail ? (
          <p className="oauth-detail muted">
            Reason given: <q>{detail}</q>
          </p>
        ) : null}
        <div className="form-actions oauth-complete-actions">
          {signedIn ? (
            <Link className="btn btn-primary" to={paths.settings}>
              Back to settings
            </Link>
          ) : (
            <Link className="btn btn-primary" to={signInLink}>
              {emailTaken ? "Sign in with your password" : "Back to sign in"}
            </Link>
          )}
          {!signedIn && failure.code === "oauth_email_missing" ? (
            <Link className="btn btn-secondary" to={registerPath()}>
              Register with a password
            </Link>
          ) : null}
          <Link className="btn btn-secondary" to={paths.home}>
            Front page
          </Link>
        </div>
      </div>
    </div>
  );
}

/**
 * Where the API's OAuth callback sends the browser: `/oauth/complete#code=…&next=…` (sign-in),
 * `#linked=github&next=…` (a provider linked to the signed-in account) or
 * `#error=…&message=…&provider=…`. The outcome rides in the fragment, which browsers never send
 * to a server; it is read once and wiped from the address bar and history straight away.
 */
export function OAuthCompletePage() {
  const [outcome] = useState<OAuthOutcome>(() => readOAuthOutcome(window.location.hash));
  const [failure, setFailure] = useState<Failure | null>(
    outcome.kind === "error"
      ? { from: "fragment", code: outcome.code, message: outcome.message, provider: outcome.provider }
      : null,
  );
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // The provider's name for our text, only when the fragment names one this server offers.
  const providers = useQuery({ ...oauthProvidersQuery(), enabled: failure?.from === "fragment", retry: false });
  const words = failure
    ? oauthFailureText(failure.code, failure.from === "fragment" ? knownProviderName(failure.provider, providers.data) : null)
    : null;
  useDocumentTitle(words ? words.title : outcome.kind === "linked" ? "Linking your account" : "Signing in");

  useEffect(() => {
    if (!window.location.hash) return;
    // Keep React Router's own history state; only the URL loses its fragment.
    history.replaceState(history.state, "", window.location.pathname + window.location.search);
  }, []);

  useEffect(() => {
    // `active` is per effect run: under StrictMode the first run is cleaned up and the second
    // one (sharing the same exchange, see signInWithOAuthCode) is the one that navigates.
    let active = true;
    if (outcome.kind === "code") {
      signInWithOAuthCode(queryClient, outcome.code).then(
        () => {
          if (active) void navigate(outcome.next, { replace: true });
        },
        (error: unknown) => {
          const apiError = toApiError(error);
          if (active) setFailure({ from: "api", code: apiError.code, message: apiError.message });
        },
      );
    } else if (outcome.kind === "linked") {
      void queryClient
        .fetchQuery(oauthProvidersQuery())
        .catch(() => undefined)
        .then((providers) => {
          if (!active) return;
          void queryClient.invalidateQueries({ queryKey: identityKeys.linked });
          showToast(`${providerName(outcome.provider, providers)} is now linked: you can sign in with it.`);
          void navigate(outcome.next, { replace: true });
        });
    }
    return () => {
      active = false;
    };
  }, [outcome, queryClient, navigate]);

  // Wait for the provider names (one quick same-origin call) so the text does not change under the reader.
  if (failure && words && !providers.isLoading) return <FailureCard failure={failure} words={words} />;
  if (outcome.kind === "none") {
    return (
      <div className="layout-auth">
        <div className="card auth-card">
          <h1 className="page-title">Nothing to finish here</h1>
          <p className="muted">This page completes a sign-in with another site, and there is none in progress.</p>
          <div className="form-actions oauth-complete-actions">
            <Link className="btn btn-primary" to={paths.signIn}>
              Sign in
            </Link>
            <Link className="btn btn-secondary" to={paths.home}>
              Front page
            </Link>
          </div>
        </div>
      </div>
    );
  }
  return <Loading label={outcome.kind === "linked" ? "Linking your account…" : "Signing you in…"} />;
}
