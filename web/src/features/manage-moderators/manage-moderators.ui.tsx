import { ShieldPlus, UserMinus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toApiError } from "@/shared/api";
import { displayName } from "@/shared/lib";
import { Alert, ConfirmButton, Form, FormError, TextField, fieldErrors, useFormCheck } from "@/shared/ui";
import { useAppointModerator, useRemoveModerator } from "./manage-moderators.mutation";

/** Appoint a moderator by username; says who was appointed, or why not. */
export function AppointModeratorForm() {
  const [name, setName] = useState("");
  const appoint = useAppointModerator();
  const own = useFormCheck();
  const error = own.error ?? appoint.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wanted = name.trim().replace(/^@/, "");
    if (!own.check({ name: wanted ? [] : ["Enter the username of the person to appoint."] })) return;
    appoint.mutate(wanted, { onSuccess: () => setName("") });
  };
  // A name nobody has is a 404: say so on the field.
  const notFound = toApiError(appoint.error).status === 404 && !own.error;
  return (
    <Form error={error} onSubmit={submit} className="form inline-form" data-appoint-moderator="">
      <TextField
        label="Appoint a moderator"
        name="name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        autoComplete="off"
        hint="Their username. Moderators handle reports, remove and restore posts and comments, lock comments and ban people."
        errors={notFound ? ["There is nobody with that username."] : fieldErrors(error, "name")}
      />
      <button type="submit" className="btn btn-primary" disabled={appoint.isPending}>
        <ShieldPlus aria-hidden="true" size={16} /> {appoint.isPending ? "Appointing…" : "Appoint"}
      </button>
      {notFound ? null : <FormError error={error} shownFields={["name"]} />}
      {appoint.isSuccess ? (
        <Alert tone="success">
          <p>{appoint.data.target_user ? displayName(appoint.data.target_user) : "They"} is a moderator now.</p>
        </Alert>
      ) : null}
    </Form>
  );
}

/** Takes the role away, after asking once more (inline). */
export function RemoveModeratorButton({ user }: { user: { id: number; name: string; nickname?: string | null } }) {
  const remove = useRemoveModerator();
  const name = displayName(user);
  return (
    <>
      <ConfirmButton
        confirmLabel={`Remove ${name} as moderator`}
        label={`Remove ${name} as moderator`}
        action="remove-moderator"
        busy={remove.isPending}
        onConfirm={() => remove.mutate(String(user.id))}
      >
        <UserMinus aria-hidden="true" size={14} /> Remove
      </ConfirmButton>
      {remove.error ? (
        <span className="inline-error" role="alert">
          {toApiError(remove.error).message}
        </span>
      ) : null}
    </>
  );
}
