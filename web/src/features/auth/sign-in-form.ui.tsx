import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { paths } from "@/shared/config";
import { checkText, fieldLimits, lengthAttributes } from "@/shared/api";
import { Form, FormError, TextField, fieldErrors, useFormCheck } from "@/shared/ui";

const LOGIN = fieldLimits("LoginRequest", "login");
const PASSWORD = fieldLimits("LoginRequest", "password");
import { useSignIn } from "./sign-in.mutation";

export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useSignIn();
  const own = useFormCheck();
  const error = own.error ?? signIn.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = own.check({
      login: checkText(login.trim(), LOGIN, { required: true }),
      password: checkText(password, PASSWORD, { required: true }),
    });
    if (ok) signIn.mutate({ login: login.trim(), password }, { onSuccess: onSignedIn });
  };
  return (
    <Form error={error} onSubmit={submit} aria-label="Sign in">
      <FormError error={error} shownFields={["login", "password"]} />
      <TextField
        label="Username or email"
        name="login"
        autoComplete="username"
        value={login}
        onChange={(event) => setLogin(event.target.value)}
        errors={fieldErrors(error, "login")}
        {...lengthAttributes(LOGIN)}
        required
        autoFocus
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        errors={fieldErrors(error, "password")}
        {...lengthAttributes(PASSWORD)}
        required
      />
      <p className="form-aside">
        <Link to={paths.forgotPassword}>Forgot your password?</Link>
      </p>
      <button type="submit" className="btn btn-primary btn-block" disabled={signIn.isPending}>
        {signIn.isPending ? "Signing in…" : "Sign in"}
      </button>
    </Form>
  );
}
