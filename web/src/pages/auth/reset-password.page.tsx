import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { useResetPassword } from "@/features/auth";
import { paths } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";
import { Alert, FormError, TextField, fieldErrors } from "@/shared/ui";

/** Opened from the reset email: `/reset-password?token=…`. */
export function ResetPasswordPage() {
  useDocumentTitle("Choose a new password");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const reset = useResetPassword();
  const mismatch = repeat.length > 0 && repeat !== password;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mismatch) reset.mutate({ token, password });
  };
  return (
    <div className="layout-auth">
      <div className="card auth-card">
        <h1 className="page-title">Choose a new password</h1>
        {!token ? (
          <Alert>
            This reset link is incomplete. Open the link from the email again, or{" "}
            <Link to={paths.forgotPassword}>ask for a new one</Link>.
          </Alert>
        ) : reset.isSuccess ? (
          <Alert tone="success">
            Your password is changed. <Link to={paths.signIn}>Sign in</Link> with it now.
          </Alert>
        ) : (
          <form className="form" onSubmit={submit} noValidate aria-label="Choose a new password">
            <FormError error={reset.error} shownFields={["password"]} />
            <input type="text" name="username" autoComplete="username" hidden readOnly />
            <TextField
              label="New password"
              type="password"
              name="password"
              autoComplete="new-password"
              hint="At least 8 characters."
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              errors={fieldErrors(reset.error, "password")}
              required
              autoFocus
            />
            <TextField
              label="Repeat new password"
              type="password"
              name="repeat"
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
              errors={mismatch ? ["The passwords do not match."] : undefined}
              required
            />
            <button type="submit" className="btn btn-primary btn-block" disabled={reset.isPending || !password || mismatch}>
              {reset.isPending ? "Saving…" : "Set new password"}
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
