import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useConfirmEmailChange } from "@/features/auth";
import { meKey, useViewer } from "@/entities/session";
import { toApiError, type Me } from "@/shared/api";
import { paths } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";
import { Alert, ErrorState, Loading } from "@/shared/ui";

/** Why a link's token was refused (422), in the app's words. */
const REFUSED: Record<string, string> = {
  invalid_token: "This link is not valid.",
  token_expired: "This link has expired.",
  token_used: "This link has been used already.",
};

/** The change did not happen: what that means here, and the way to a new link. */
function LinkProblem({ error, signedIn }: { error: unknown; signedIn: boolean }) {
  const apiError = toApiError(error);
  const refused = REFUSED[apiError.code];
  const again = signedIn ? (
    <>
      <Link to={`${paths.settings}#account`}>Settings</Link> shows your address and can send a new link.
    </>
  ) : (
    <>
      <Link to={paths.signIn}>Sign in</Link> to see your address, or to ask for a new link in Settings.
    </>
  );
  if (apiError.code === "email_taken") {
    return (
      <ErrorState error={error} title="Another account took this address in the meantime.">
        <p>Your address has not changed. {again}</p>
      </ErrorState>
    );
  }
  return (
    <ErrorState error={error} title={refused} onRetry={refused ? undefined : () => window.location.reload()}>
      {refused ? (
        <p>
          A link to change your email address works once, for a limited time.
          {apiError.code === "token_used" ? " If you opened it before, your address has changed already." : ""} {again}
        </p>
      ) : null}
    </ErrorState>
  );
}

/**
 * Opened from the link mailed to a new address: `/confirm-email-change?token=…`. Works signed in
 * or out (the token says whose address it is); signed in, `me` is fetched again to show the new one.
 */
export function ConfirmEmailChangePage() {
  useDocumentTitle("Change email");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const { signedIn } = useViewer();
  /** The address `me` has once it was fetched again after the change (signed in only). */
  const [newEmail, setNewEmail] = useState<string>();
  const queryClient = useQueryClient();
  const confirm = useConfirmEmailChange();
  const sent = useRef(false);
  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true; // once, even under StrictMode's double effects: a token works once
    confirm.mutate(token, {
      onSuccess: async () => {
        // `me` may still be loading from before the change: a refetch would join that request (it
        // has no data yet), so it is cancelled first and fetched anew.
        await queryClient.cancelQueries({ queryKey: meKey });
        await queryClient.invalidateQueries({ queryKey: meKey });
        setNewEmail(queryClient.getQueryData<Me>(meKey)?.email);
      },
    });
  }, [token, confirm, queryClient]);

  let body;
  if (!token) body = <Alert>This link is incomplete. Open the link from the email again.</Alert>;
  else if (confirm.isError) body = <LinkProblem error={confirm.error} signedIn={signedIn} />;
  else if (confirm.isSuccess)
    body = (
      <>
        <Alert tone="success">
          <p>
            Your email address is changed
            {signedIn && newEmail ? (
              <>
                {" "}
                to <strong data-new-email="">{newEmail}</strong>
              </>
            ) : null}
            . Sign in with it (or your username) from now on; your old address got a note about the change.
          </p>
        </Alert>
        <p>
          {signedIn ? (
            <Link className="btn btn-primary" to={`${paths.settings}#account`}>
              Back to settings
            </Link>
          ) : (
            <Link className="btn btn-primary" to={paths.signIn}>
              Sign in
            </Link>
          )}
        </p>
      </>
    );
  else body = <Loading label="Changing your email address…" />;
  return (
    <div className="layout-auth">
      <div className="card auth-card">
        <h1 className="page-title">Change email</h1>
        {body}
      </div>
    </div>
  );
}
