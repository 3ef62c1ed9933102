import { useState, type FormEvent } from "react";
import { Alert, FormError, TextField, fieldErrors } from "@/shared/ui";
import { useChangePassword } from "./change-password.mutation";

export function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const change = useChangePassword();
  const mismatch = repeat.length > 0 && repeat !== next;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
          setRepeat("");
        },
      },
    );
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      {change.isSuccess ? <Alert tone="success">Password changed.</Alert> : null}
      <FormError error={change.error} shownFields={["current_password", "new_password"]} />
      <input type="text" name="username" autoComplete="username" hidden readOnly />
      <TextField
        label="Current password"
        name="current_password"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        errors={fieldErrors(change.error, "current_password")}
        required
      />
      <TextField
        label="New password"
        name="new_password"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        errors={fieldErrors(change.error, "new_password")}
        hint="At least 8 characters."
        required
      />
      <TextField
        label="Repeat new password"
        name="repeat_password"
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
        errors={mismatch ? ["The passwords do not match."] : undefined}
        required
      />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={change.isPending || !current || !next || mismatch}>
          {change.isPending ? "Changing…" : "Change password"}
        </button>
      </div>
    </form>
  );
}
