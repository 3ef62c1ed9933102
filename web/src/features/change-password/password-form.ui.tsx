import { useState, type FormEvent } from "react";
import { checkText, fieldLimits, lengthAttributes } from "@/shared/api";
import { Alert, Form, FormError, TextField, fieldErrors, useFormCheck } from "@/shared/ui";

const CURRENT = fieldLimits("ChangePasswordRequest", "current_password");
const NEW = fieldLimits("ChangePasswordRequest", "new_password");
import { useChangePassword } from "./change-password.mutation";

export function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const change = useChangePassword();
  const own = useFormCheck();
  const error = own.error ?? change.error;
  const mismatch = repeat.length > 0 && repeat !== next;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = own.check({
      current_password: checkText(current, CURRENT, { required: true }),
      new_password: checkText(next, NEW, { required: true }),
      repeat_password: repeat !== next ? ["The passwords do not match."] : [],
    });
    if (!ok) return;
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
    <Form error={error} onSubmit={submit} aria-labelledby="password-heading">
      <h3 id="password-heading">Password</h3>
      {change.isSuccess ? <Alert tone="success">Password changed.</Alert> : null}
      <FormError error={error} shownFields={["current_password", "new_password", "repeat_password"]} />
      <input type="text" name="username" autoComplete="username" hidden readOnly />
      <TextField
        label="Current password"
        name="current_password"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        errors={fieldErrors(error, "current_password")}
        {...lengthAttributes(CURRENT)}
        required
      />
      <TextField
        label="New password"
        name="new_password"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        errors={fieldErrors(error, "new_password")}
        hint={NEW.minLength ? `At least ${NEW.minLength} characters.` : undefined}
        {...lengthAttributes(NEW)}
        required
      />
      <TextField
        label="Repeat new password"
        name="repeat_password"
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
        errors={mismatch ? ["The passwords do not match."] : fieldErrors(error, "repeat_password")}
        required
      />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={change.isPending}>
          {change.isPending ? "Changing…" : "Change password"}
        </button>
      </div>
    </Form>
  );
}
