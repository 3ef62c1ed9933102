import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { paths } from "@/shared/config";
import { FormError, TextField, fieldErrors } from "@/shared/ui";
import { useSignIn } from "./sign-in.mutation";

export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useSignIn();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ login: login.trim(), password }, { onSuccess: onSignedIn });
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Sign in">
      <FormError error={signIn.error} shownFields={["login", "password"]} />
      <TextField
        label="Username or email"
        name="login"
        autoComplete="username"
        value={login}
        onChange={(event) => setLogin(event.target.value)}
        errors={fieldErrors(signIn.error, "login")}
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
        errors={fieldErrors(signIn.error, "password")}
        required
      />
      <p className="form-aside">
        <Link to={paths.forgotPassword}>Forgot your password?</Link>
      </p>
      <button type="submit" className="btn btn-primary btn-block" disabled={signIn.isPending}>
        {signIn.isPending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
