import { useEffect, useRef } from "react";
import { Link, useSearchParams } from "react-router";
import { useConfirmEmail } from "@/features/auth";
import { useQueryClient } from "@tanstack/react-query";
import { meKey } from "@/entities/session";
import { paths } from "@/shared/config";
import { sentence, useDocumentTitle } from "@/shared/lib";
import { toApiError } from "@/shared/api";
import { Alert, ErrorState, Loading } from "@/shared/ui";

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
    confirm.mutate(token, { onSuccess: () => void queryClient.invalidateQueries({ queryKey: meKey }) });
  }, [token, confirm, queryClient]);

  let body;
  if (!token) body = <Alert>This confirmation link is incomplete. Open the link from the email again.</Alert>;
  else if (confirm.isError)
    body = (
      <ErrorState error={confirm.error} title={sentence(toApiError(confirm.error).message)}>
        <p>
          Links work once and for a limited time. <Link to={paths.settings}>Settings</Link> shows whether your address is
          confirmed.
        </p>
      </ErrorState>
    );
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
