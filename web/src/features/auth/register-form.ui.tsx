import { useState, type FormEvent } from "react";
import { checkText, fieldLimits, lengthAttributes, type Registered } from "@/shared/api";
import { Form, FormError, TextField, fieldErrors, useFormCheck } from "@/shared/ui";
import { useRegister } from "./sign-in.mutation";

const NAME = fieldLimits("RegisterRequest", "name");
const EMAIL = fieldLimits("RegisterRequest", "email");
const PASSWORD = fieldLimits("RegisterRequest", "password");

function nameHint() {
  const { minLength, maxLength } = NAME;
  const length = minLength !== undefined && maxLength !== undefined ? `${minLength}–${maxLength} ` : "";
  return `${length}letters, digits, “-”, “_” or “.”. Shown in your profile address.`;
}

export function RegisterForm({ onRegistered }: { onRegistered: (registered: Registered) => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const register = useRegister();
  const own = useFormCheck();
  const error = own.error ?? register.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = own.check({
      name: checkText(name.trim(), NAME, { required: true }),
      email: checkText(email.trim(), EMAIL, { required: true }).concat(
        email.trim() && !/^[^\s@]+@[^\s@]+$/.test(email.trim()) ? ["Enter an email address like name@example.com."] : [],
      ),
      password: checkText(password, PASSWORD, { required: true }),
    });
    if (ok) register.mutate({ name: name.trim(), email: email.trim(), password }, { onSuccess: onRegistered });
  };
  return (
    <Form error={error} onSubmit={submit} aria-label="Create account">
      <FormError error={error} shownFields={["name", "email", "password"]} />
      <TextField
        label="Username"
        name="name"
        autoComplete="username"
        hint={nameHint()}
        value={name}
        onChange={(event) => setName(event.target.value)}
        errors={fieldErrors(error, "name")}
        {...lengthAttributes(NAME)}
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
        errors={fieldErrors(error, "email")}
        {...lengthAttributes(EMAIL)}
        required
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint={PASSWORD.minLength ? `At least ${PASSWORD.minLength} characters.` : undefined}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        errors={fieldErrors(error, "password")}
        {...lengthAttributes(PASSWORD)}
        required
      />
      <button type="submit" className="btn btn-primary btn-block" disabled={register.isPending}>
        {register.isPending ? "Creating account…" : "Create account"}
      </button>
    </Form>
  );
}
