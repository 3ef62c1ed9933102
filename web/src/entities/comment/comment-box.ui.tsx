//! The comment box: a textarea with a markdown hint, a preview under it, the form's errors and its
//! buttons. Writing a comment, a reply and editing one all use it.
import { Eye, EyeOff, Save, Send } from "lucide-react";
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { lengthAttributes, type FieldLimits } from "@/shared/api";
import { useCodeBlocks, useMarkdownPreview } from "@/shared/lib";
import { Form, FormError, TextAreaField, fieldErrors, type TextAreaComponent } from "@/shared/ui";

/** What comment markdown can do, in one line under the box. */
export const MARKDOWN_HINT = (
  <>
    Markdown works: <code>**bold**</code>, <code>_italic_</code>, <code>`code`</code>, <code>[link](https://…)</code>,{" "}
    <code>&gt; quote</code>, <code>- list</code>
  </>
);

/** The comment as it will read, rendered and sanitised in the browser (the server renders the saved one). */
function CommentPreview({ content }: { content: string }) {
  const html = useMarkdownPreview(content, true);
  const ref = useRef<HTMLDivElement>(null);
  useCodeBlocks(ref, html ?? "");
  if (!content.trim()) return <p className="muted">Nothing to preview yet.</p>;
  if (html === null) return <p className="muted">Rendering the preview…</p>;
  return <div ref={ref} className="comment-body prose" dangerouslySetInnerHTML={{ __html: html }} />;
}

type Props = {
  /** The textarea's label ("Add a comment", "Reply to ada", "Edit your comment"). */
  label: string;
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  onCancel?: () => void;
  /** The failed submission (the form's own check or the server's answer). */
  error: unknown;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  /** `save` for an edit, `send` for a new comment. */
  icon?: "send" | "save";
  limits: FieldLimits;
  rows?: number;
  placeholder?: string;
  autoFocus?: boolean;
  className?: string;
  /** `data-form` on the form, for tests. */
  name: string;
  /** More under the general error (e.g. a link to act on it). */
  errorExtra?: ReactNode;
  /** The textarea to write in, when the page gives one with more to it (`@` suggestions). */
  textArea?: TextAreaComponent;
};

/** Its preview is closed when it mounts: give it a new `key` to start over (after a comment is sent). */
export function CommentBox({
  label,
  value,
  onChange,
  onSubmit,
  onCancel,
  error,
  busy,
  submitLabel,
  busyLabel,
  icon = "send",
  limits,
  rows = 3,
  placeholder,
  autoFocus,
  className = "comment-form",
  name,
  errorExtra,
  textArea,
}: Props) {
  const [previewing, setPreviewing] = useState(false);
  const previewId = useId();
  const areaRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!autoFocus) return;
    const area = areaRef.current;
    area?.focus();
    // An edit opens with the text in the box: put the caret at its end, not its start.
    area?.setSelectionRange(area.value.length, area.value.length);
  }, [autoFocus]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  const Icon = icon === "save" ? Save : Send;
  return (
    <Form className={className} error={error} onSubmit={submit} data-form={name}>
      <TextAreaField
        ref={areaRef}
        label={label}
        rows={rows}
        value={value}
        onValueChange={onChange}
        textArea={textArea}
        errors={fieldErrors(error, "content")}
        placeholder={placeholder}
        required
        hint={MARKDOWN_HINT}
        {...lengthAttributes(limits)}
      />
      {previewing ? (
        <section className="comment-preview" id={previewId} aria-label="Preview of your comment" data-comment-preview>
          <CommentPreview content={value} />
        </section>
      ) : null}
      <FormError error={error} shownFields={["content"]}>
        {errorExtra}
      </FormError>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-ghost"
          aria-pressed={previewing}
          aria-controls={previewing ? previewId : undefined}
          data-action="preview-comment"
          onClick={() => setPreviewing((on) => !on)}
        >
          {previewing ? <EyeOff aria-hidden="true" size={16} /> : <Eye aria-hidden="true" size={16} />} Preview
        </button>
        {onCancel ? (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          <Icon aria-hidden="true" size={16} />
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </Form>
  );
}
