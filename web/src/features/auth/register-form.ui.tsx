import { useState, type FormEvent } from "react";
import { FormError, TextField, fieldErrors } from "@/shared/ui";
import { useRegister } from "./sign-in.mutation";

export function RegisterForm({ onRegistered }: { onRegistered: () => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const register = useRegister();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate({ name: name.trim(), email: email.trim(), password }, { onSuccess: onRegistered });
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Create account">
      <FormError error={register.error} shownFields={["name", "email", "password"]} />
      <TextField
        label="Username"
        name="name"
        autoComplete="username"
        hint="Letters, digits, - and _. Shown in your profile address."
        value={name}
        onChange={(event) => setName(event.target.value)}
        errors={fieldErrors(register.error, "name")}
        required
        autoFocus
      />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        errors={fieldErrors(register.error, "email")}
        required
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        errors={fieldErrors(register.error, "password")}
        required
      />
      <button type="submit" className="btn btn-primary btn-block" disabled={register.isPending}>
        {register.isPending ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}
