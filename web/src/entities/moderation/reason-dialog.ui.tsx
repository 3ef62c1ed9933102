import { useState, type FormEvent, type ReactNode } from "react";
import { checkText, lengthAttributes, type FieldLimits } from "@/shared/api";
import { Dialog, Form, FormError, TextAreaField, fieldErrors, useFormCheck } from "@/shared/ui";

type Props = {
  /** The question: "Remove this post?". */
  title: string;
  /** What the action does, above the reason. */
  description?: ReactNode;
  /** The submit button: "Remove post". */
  confirmLabel: string;
  /** The reason's limits in the spec (`ReasonRequest`, `BanRequest`). */
  limits: FieldLimits;
  busy: boolean;
  /** The server's answer when it refused. */
  error: unknown;
  /** With the reason, trimmed; only once the form's own checks pass. */
  onSubmit: (reason: string) => void;
  onClose: () => void;
  /** More fields, below the reason (a ban's length); given the error to show on them. */
  children?: (error: unknown) => ReactNode;
  /** Checks of those fields, by name, run with the reason's. */
  checkMore?: () => Record<string, string[]>;
  /** `data-dialog`, for tests and the e2e. */
  name?: string;
};

/**
 * Every moderation action asks why before it is taken: the reason goes into the public log and
 * to the person concerned. A dialog with the reason (required, as long as the server allows),
 * Cancel, and the action's own button; the server's refusal is shown in it, and it stays open.
 */
export function ReasonDialog({
  title,
  description,
  confirmLabel,
  limits,
  busy,
  error: serverError,
  onSubmit,
  onClose,
  children,
  checkMore,
  name,
}: Props) {
  const [reason, setReason] = useState("");
  const own = useFormCheck();
  const error = own.error ?? serverError;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!own.check({ reason: checkText(reason, limits, { required: true }), ...checkMore?.() })) return;
    onSubmit(reason.trim());
  };
  return (
    <Dialog title={title} onClose={onClose} name={name}>
      <Form error={error} onSubmit={submit}>
        {description ? <div className="dialog-description">{description}</div> : null}
        <FormError error={error} shownFields={["reason", "days", "remove_content"]} />
        <TextAreaField
          label="Reason"
          name="reason"
          rows={3}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          errors={fieldErrors(error, "reason")}
          hint="Shown in the public moderation log and to the person concerned."
          data-autofocus=""
          {...lengthAttributes(limits)}
          required
        />
        {children?.(error)}
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-danger" disabled={busy} aria-busy={busy || undefined}>
            {busy ? "Working…" : confirmLabel}
          </button>
        </div>
      </Form>
    </Dialog>
  );
}
