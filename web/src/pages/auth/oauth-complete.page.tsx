import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";
import { signInWithOAuthCode } from "@/features/auth";
import { identityKeys, oauthProvidersQuery, providerName } from "@/entities/identity";
import { useViewer } from "@/entities/session";
import { toApiError } from "@/shared/api";
import { paths, signInPath } from "@/shared/config";
import { sentence, useDocumentTitle } from "@/shared/lib";
import { Alert, Loading, showToast } from "@/shared/ui";
import { readOAuthOutcome, type OAuthOutcome } from "./oauth-outcome";

type Failure = { code: string; message: string };

/** Our own heading per error code; the server's message (or the provider's) follows it. */
function failureTitle(code: string): string {
  switch (code) {
    case "oauth_denied":
      return "Sign-in was cancelled";
    case "oauth_email_taken":
      return "That email address already has an account";
    case "oauth_identity_taken":
    case "oauth_already_linked":
      return "The account could not be linked";
    case "oauth_unavailable":
      return "The sign-in provider is not answering";
    default:
      return "Sign-in did not complete";
  }
}

function FailureCard({ failure }: { failure: Failure }) {
  const { signedIn } = useViewer();
  // With an email that already has an account, the way forward is a password sign-in, then
  // linking the provider in Settings: the sign-in page sends there afterwards.
  const signInLink = failure.code === "oauth_email_taken" ? signInPath(paths.settings) : paths.signIn;
  return (
    <div className="layout-auth">
      <div className="card auth-card">
        <h1 className="page-title">{failureTitle(failure.code)}</h1>
        <Alert>
          <p>{failure.message ? sentence(failure.message) : "The provider did not sign you in."}</p>
        </Alert>
        <div className="form-actions oauth-complete-actions">
          {signedIn ? (
            <Link className="btn btn-primary" to={paths.settings}>
              Back to settings
            </Link>
          ) : (
            <Link className="btn btn-primary" to={signInLink}>
              {failure.code === "oauth_email_taken" ? "Sign in with your password" : "Back to sign in"}
            </Link>
          )}
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
    outcome.kind === "error" ? { code: outcome.code, message: outcome.message } : null,
  );
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useDocumentTitle(failure ? failureTitle(failure.code) : outcome.kind === "linked" ? "Linking your account" : "Signing in");

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
          if (active) setFailure({ code: apiError.code, message: apiError.message });
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

  if (failure) return <FailureCard failure={failure} />;
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
