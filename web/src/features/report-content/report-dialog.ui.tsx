import { useId, useState, type FormEvent } from "react";
import { REPORT_KINDS } from "@/entities/moderation";
import { checkText, fieldLimits, lengthAttributes, type ModerationTargetKind, type ReportKind } from "@/shared/api";
import { Dialog, Form, FormError, TextAreaField, fieldErrors, useFormCheck } from "@/shared/ui";
import { useReportContent } from "./report-content.mutation";

const REASON = fieldLimits("CreateReportRequest", "reason");

export type ReportTarget = { kind: ModerationTargetKind; id: number };

/**
 * "Report this post": what is wrong (one of six kinds) and details for the moderators (required
 * for "Something else"). The server's refusals are shown in the dialog, which stays open: a
 * report already open on it (409), too many reports (429), a ban (403), your own content (422).
 */
export function ReportDialog({
  target,
  title,
  onClose,
  onSent,
}: {
  target: ReportTarget;
  /** "Report this post", "Report the comment by ann", "Report bob". */
  title: string;
  onClose: () => void;
  onSent: () => void;
}) {
  const [kind, setKind] = useState<ReportKind | null>(null);
  const [reason, setReason] = useState("");
  const report = useReportContent();
  const own = useFormCheck();
  const error = own.error ?? report.error;
  const ids = useId();
  const kindErrors = fieldErrors(error, "kind");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (report.isPending) return;
    const ok = own.check({
      kind: kind ? [] : ["Choose what is wrong."],
      reason: checkText(reason, REASON, { required: kind === "other" }),
    });
    if (!ok || !kind) return;
    report.mutate({ target_kind: target.kind, target_id: target.id, kind, reason: reason.trim() }, { onSuccess: onSent });
  };
  return (
    <Dialog title={title} onClose={onClose} name="report">
      <Form error={error} onSubmit={submit}>
        <FormError error={error} shownFields={["kind", "reason", "target_id", "target_kind"]} />
        <fieldset className="report-kinds">
          <legend>What is wrong?</legend>
          {REPORT_KINDS.map((info, index) => (
            <div key={info.kind} className="report-kind">
              <input
                id={`${ids}-${info.kind}`}
                type="radio"
                name="kind"
                value={info.kind}
                checked={kind === info.kind}
                onChange={() => setKind(info.kind)}
                aria-describedby={[`${ids}-${info.kind}-hint`, kindErrors ? `${ids}-kind-error` : null].filter(Boolean).join(" ")}
                aria-invalid={kindErrors ? true : undefined}
                data-autofocus={index === 0 ? "" : undefined}
              />
              <label htmlFor={`${ids}-${info.kind}`}>{info.label}</label>
              <span className="field-hint" id={`${ids}-${info.kind}-hint`}>
                {info.hint}
              </span>
            </div>
          ))}
          {kindErrors ? (
            <ul className="field-errors" id={`${ids}-kind-error`}>
              {kindErrors.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
        </fieldset>
        <TextAreaField
          label="Details"
          name="reason"
          rows={3}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          errors={fieldErrors(error, "reason")}
          hint={kind === "other" ? "Required: say what is wrong. Only moderators read it." : "Optional. Only moderators read it."}
          {...lengthAttributes(REASON)}
        />
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={report.isPending} aria-busy={report.isPending || undefined}>
            {report.isPending ? "Sending…" : "Send report"}
          </button>
        </div>
      </Form>
    </Dialog>
  );
}
