import { useEffect, useRef } from "react";
import { Link, useSearchParams } from "react-router";
import { useConfirmEmail } from "@/features/auth";
import { useQueryClient } from "@tanstack/react-query";
import { meKey, useViewer } from "@/entities/session";
import { paths } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";
import { toApiError } from "@/shared/api";
import { Alert, ErrorState, Loading } from "@/shared/ui";

/** The link's token is not usable: what to say, knowing who (if anyone) opened it. */
function LinkProblem({ error }: { error: unknown }) {
  const { me, signedIn } = useViewer();
  const code = toApiError(error).code;
  if (me?.confirmed) {
    // A link opened a second time (or an older mail) by an account that is confirmed already.
    return (
      <>
        <Alert tone="success">Your email address is already confirmed. There is nothing more to do.</Alert>
        <p>
          <Link className="btn btn-primary" to={paths.home}>
            Go to the front page
          </Link>
        </p>
      </>
    );
  }
  if (code === "token_used" && !signedIn) {
    return (
      <>
        <Alert tone="info">
          This link has been used already. If you opened it before, your address is confirmed and you are all set.
        </Alert>
        <p>
          <Link className="btn btn-primary" to={paths.signIn}>
            Sign in
          </Link>
        </p>
      </>
    );
  }
  const title =
    code === "token_expired"
      ? "This confirmation link has expired."
      : code === "token_used"
        ? "This confirmation link has been used already."
        : "This confirmation link is not valid.";
  return (
    <ErrorState error={error} title={title}>
      <p>
        Links work once and for a limited time.{" "}
        {signedIn ? (
          <>
            <Link to={paths.settings}>Settings</Link> can send you a new one.
          </>
        ) : (
          <>
            <Link to={paths.signIn}>Sign in</Link> to have a new one sent.
          </>
        )}
      </p>
    </ErrorState>
  );
}

/** Opened from the link in the confirmation email: `/confirm-email?token=…`. */
export function ConfirmEmailPage() {
  useDocumentTitle("Confirm email");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const confirm = useConfirmEmail();
  const queryClient = useQueryClient();
  const sent = useRef(false);
  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true; // once, even under StrictMode's double effects
    // Also after an error: a link opened again answers "used", and `me` then tells whether that is fine.
    confirm.mutate(token, { onSettled: () => void queryClient.invalidateQueries({ queryKey: meKey }) });
  }, [token, confirm, queryClient]);

  let body;
  if (!token) body = <Alert>This confirmation link is incomplete. Open the link from the email again.</Alert>;
  else if (confirm.isError) body = <LinkProblem error={confirm.error} />;
  else if (confirm.isSuccess)
    body = (
      <>
        <Alert tone="success">Your email address is confirmed. Thank you!</Alert>
        <p>
          <Link className="btn btn-primary" to={paths.home}>
            Go to the front page
          </Link>
        </p>
      </>
    );
  else body = <Loading label="Confirming your email…" />;
  return (
    <div className="layout-auth">
      <div className="card auth-card">
        <h1 className="page-title">Confirm email</h1>
        {body}
      </div>
    </div>
  );
}
