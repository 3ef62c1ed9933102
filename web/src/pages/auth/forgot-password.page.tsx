import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useForgotPassword } from "@/features/auth";
import { paths } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";
import { Alert, FormError, TextField, fieldErrors } from "@/shared/ui";

export function ForgotPasswordPage() {
  useDocumentTitle("Forgot password");
  const [email, setEmail] = useState("");
  const forgot = useForgotPassword();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    forgot.mutate(email.trim());
  };
  return (
    <div className="layout-auth">
      <div className="card auth-card">
        <h1 className="page-title">Forgot your password?</h1>
        {forgot.isSuccess ? (
          <Alert tone="success">If an account uses {email}, a message with a reset link is on its way.</Alert>
        ) : (
          <form className="form" onSubmit={submit} noValidate aria-label="Request a password reset">
            <p className="muted">Enter the email address of your account and we will send you a link to choose a new password.</p>
            <FormError error={forgot.error} shownFields={["email"]} />
            <TextField
              label="Email"
              type="email"
              name="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              errors={fieldErrors(forgot.error, "email")}
              required
              autoFocus
            />
            <button type="submit" className="btn btn-primary btn-block" disabled={forgot.isPending || !email.trim()}>
              {forgot.isPending ? "Sending…" : "Send reset link"}
            </button>
          </form>
        )}
        <p className="form-aside center-text">
          <Link to={paths.signIn}>Back to sign in</Link>
        </p>
      </div>
    </div>
  );
}
