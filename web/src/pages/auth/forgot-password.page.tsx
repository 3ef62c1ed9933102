import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useForgotPassword } from "@/features/auth";
import { paths } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";
import { Alert, Form, FormError, TextField, fieldErrors, useFormCheck } from "@/shared/ui";

export function ForgotPasswordPage() {
  useDocumentTitle("Forgot password");
  const [email, setEmail] = useState("");
  const forgot = useForgotPassword();
  const own = useFormCheck();
  const error = own.error ?? forgot.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (own.check({ email: email.trim() ? [] : ["Enter the email address of your account."] })) forgot.mutate(email.trim());
  };
  return (
    <div className="layout-auth">
      <div className="card auth-card">
        <h1 className="page-title">Forgot your password?</h1>
        {forgot.isSuccess ? (
          <Alert tone="success">If an account uses {email}, a message with a reset link is on its way.</Alert>
        ) : (
          <Form error={error} onSubmit={submit} aria-label="Request a password reset">
            <p className="muted">Enter the email address of your account and we will send you a link to choose a new password.</p>
            <FormError error={error} shownFields={["email"]} />
            <TextField
              label="Email"
              type="email"
              name="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              errors={fieldErrors(error, "email")}
              required
              autoFocus
            />
            <button type="submit" className="btn btn-primary btn-block" disabled={forgot.isPending}>
              {forgot.isPending ? "Sending…" : "Send reset link"}
            </button>
          </Form>
        )}
        <p className="form-aside center-text">
          <Link to={paths.signIn}>Back to sign in</Link>
        </p>
      </div>
    </div>
  );
}
