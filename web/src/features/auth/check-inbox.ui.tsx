import { Mail } from "lucide-react";
import { Link } from "react-router";
import { signInPath } from "@/shared/config";
import { ResendConfirmationButton } from "./resend-confirmation.ui";

/** After registering where addresses are confirmed first: where the link went, and what next. */
export function CheckInbox({ email, next }: { email: string; next?: string }) {
  return (
    <section className="check-inbox" aria-labelledby="check-inbox-title" data-check-inbox>
      <Mail aria-hidden="true" size={40} className="check-inbox-icon" />
      <h1 id="check-inbox-title" className="page-title" tabIndex={-1}>
        Check your inbox
      </h1>
      <p>
        We sent a confirmation link to <strong data-email>{email}</strong>. Open it to confirm your address; then you can publish,
        comment and like.
      </p>
      <p className="muted">Nothing after a few minutes? Look in your spam folder, or send it again.</p>
      <p>
        <ResendConfirmationButton email={email} />
      </p>
      <p className="form-aside">
        Meanwhile you can <Link to={signInPath(next)}>sign in</Link> with your password and read.
      </p>
    </section>
  );
}
