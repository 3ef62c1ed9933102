import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { checkText, fieldLimits, lengthAttributes, toApiError, type Me } from "@/shared/api";
import { paths } from "@/shared/config";
import { Alert, Form, FormError, TextField, fieldErrors, useFormCheck } from "@/shared/ui";
import { useChangeEmail } from "./change-email.mutation";

const EMAIL = fieldLimits("ChangeEmailRequest", "email");
const PASSWORD = fieldLimits("ChangeEmailRequest", "password");

/**
 * Settings → Account → "Email address": the current address, and a new one confirmed through a
 * link mailed to it (the old address is told too). Asks for the password, so an account made
 * through a provider without one is shown how to set one first.
 */
export function ChangeEmailForm({ me, hasPassword }: { me: Me; hasPassword: boolean | undefined }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const change = useChangeEmail();
  const own = useFormCheck();
  const error = own.error ?? change.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim();
    const ok = own.check({
      email: address
        ? address.toLowerCase() === me.email.toLowerCase()
          ? ["That is your address already."]
          : /^[^\s@]+@[^\s@]+$/.test(address)
            ? checkText(address, EMAIL, { required: true })
            : ["Enter an email address like name@example.com."]
        : ["Enter the new address."],
      password: password ? [] : ["Enter your password."],
    });
    if (!ok) return;
    change.mutate(
      { email: address, password },
      {
        onSuccess: () => {
          setEmail("");
          setPassword("");
        },
      },
    );
  };
  return (
    <Form error={error} onSubmit={submit} aria-labelledby="email-heading" data-change-email="">
      <h3 id="email-heading">Email address</h3>
      <p className="form-aside">
        You sign in with <strong data-current-email="">{me.email}</strong>, and we write to it about your account.{" "}
        {me.confirmed ? "It is confirmed." : "It is not confirmed yet."}
      </p>
      {change.isSuccess ? (
        <Alert tone="success">
          <p>
            Check your inbox at <strong data-pending-email="">{change.data.email}</strong>: open the link we sent there to switch
            to it. Until then your address stays {me.email}, and nothing changes if the link is not opened.
          </p>
        </Alert>
      ) : null}
      {hasPassword === false ? (
        <p className="muted form-aside">
          Changing it asks for your password, and you have not set one:{" "}
          <Link to={paths.forgotPassword}>get a link to choose one</Link>.
        </p>
      ) : (
        <>
          <FormError error={error} shownFields={["email", "password"]}>
            {toApiError(error).code === "password_required" ? (
              <p>
                <Link to={paths.forgotPassword}>Get a link to choose a password</Link>
              </p>
            ) : null}
          </FormError>
          <input type="text" name="username" autoComplete="username" value={me.name} hidden readOnly />
          <TextField
            label="New email address"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            errors={fieldErrors(error, "email")}
            {...lengthAttributes(EMAIL)}
            required
          />
          <TextField
            label="Your password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            errors={fieldErrors(error, "password")}
            hint="To make sure it is you."
            {...lengthAttributes(PASSWORD)}
            required
          />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={change.isPending}>
              {change.isPending ? "Sending…" : "Send confirmation link"}
            </button>
          </div>
        </>
      )}
    </Form>
  );
}
