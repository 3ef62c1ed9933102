import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { useResetPassword } from "@/features/auth";
import { paths } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";
import { checkText, fieldLimits, lengthAttributes } from "@/shared/api";
import { Alert, Form, FormError, TextField, fieldErrors, useFormCheck } from "@/shared/ui";

const PASSWORD = fieldLimits("ResetPasswordRequest", "password");

/** Opened from the reset email: `/reset-password?token=…`. */
export function ResetPasswordPage() {
  useDocumentTitle("Choose a new password");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const reset = useResetPassword();
  const own = useFormCheck();
  const error = own.error ?? reset.error;
  const mismatch = repeat.length > 0 && repeat !== password;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = own.check({
      password: checkText(password, PASSWORD, { required: true }),
      repeat: repeat !== password ? ["The passwords do not match."] : [],
    });
    if (ok) reset.mutate({ token, password });
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
          <Form error={error} onSubmit={submit} aria-label="Choose a new password">
            <FormError error={error} shownFields={["password", "repeat"]} />
            <input type="text" name="username" autoComplete="username" hidden readOnly />
            <TextField
              label="New password"
              type="password"
              name="password"
              autoComplete="new-password"
              hint={PASSWORD.minLength ? `At least ${PASSWORD.minLength} characters.` : undefined}
              {...lengthAttributes(PASSWORD)}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              errors={fieldErrors(error, "password")}
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
              errors={mismatch ? ["The passwords do not match."] : fieldErrors(error, "repeat")}
              required
            />
            <button type="submit" className="btn btn-primary btn-block" disabled={reset.isPending}>
              {reset.isPending ? "Saving…" : "Set new password"}
            </button>
          </Form>
        )}
      </div>
    </div>
  );
}
