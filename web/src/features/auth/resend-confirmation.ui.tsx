import { MailCheck } from "lucide-react";
import { toApiError } from "@/shared/api";
import { useResendConfirmation } from "./password.mutation";

/**
 * "Send the email again", with its outcome announced beside it. Signed out, `email` says which
 * account; signed in, the server uses the session's.
 */
export function ResendConfirmationButton({ email, className = "btn btn-secondary" }: { email?: string; className?: string }) {
  const resend = useResendConfirmation();
  return (
    <span className="resend-confirmation">
      <button
        type="button"
        className={className}
        data-action="resend-confirmation"
        disabled={resend.isPending}
        onClick={() => resend.mutate(email)}
      >
        <MailCheck aria-hidden="true" size={16} /> {resend.isPending ? "Sending…" : "Send the email again"}
      </button>
      <span role="status" className="resend-outcome">
        {resend.isSuccess ? "Sent. It can take a minute to arrive; check your spam folder too." : null}
        {resend.isError ? <span className="error-text">{toApiError(resend.error).message}</span> : null}
      </span>
    </span>
  );
}
