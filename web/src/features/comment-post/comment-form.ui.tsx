import { Eye, EyeOff, Send } from "lucide-react";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { checkText, fieldLimits, lengthAttributes, toApiError } from "@/shared/api";
import { useCodeBlocks, useMarkdownPreview } from "@/shared/lib";
import { Form, FormError, TextAreaField, fieldErrors, useFormCheck } from "@/shared/ui";
import { useCreateComment } from "./create-comment.mutation";

const CONTENT = fieldLimits("CreateCommentRequest", "content");

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
  postId: number;
  /** The comment being replied to; absent for a comment on the post. */
  replyTo?: { id: number; authorName: string };
  autoFocus?: boolean;
  onDone?: () => void;
  onCancel?: () => void;
};

export function CommentForm({ postId, replyTo, autoFocus, onDone, onCancel }: Props) {
  const [content, setContent] = useState("");
  const [previewing, setPreviewing] = useState(false);
  const previewId = useId();
  const create = useCreateComment();
  const own = useFormCheck();
  const error = own.error ?? create.error;
  const areaRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (autoFocus) areaRef.current?.focus();
  }, [autoFocus]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!own.check({ content: checkText(content, CONTENT, { required: true }) })) return;
    create.mutate(
      { postId, content, refId: replyTo?.id },
      {
        onSuccess: () => {
          setContent("");
          setPreviewing(false);
          onDone?.();
        },
      },
    );
  };
  const closed = create.error && toApiError(create.error).code === "comments_closed";
  return (
    <Form
      className={`comment-form${replyTo ? " comment-form-reply" : ""}`}
      error={error}
      onSubmit={submit}
      data-form={replyTo ? "reply" : "comment"}
    >
      <TextAreaField
        ref={areaRef}
        label={replyTo ? `Reply to ${replyTo.authorName}` : "Add a comment"}
        rows={replyTo ? 2 : 3}
        value={content}
        onChange={(event) => setContent(event.target.value)}
        errors={fieldErrors(error, "content")}
        placeholder={replyTo ? "Write a reply…" : "Share your thoughts…"}
        required
        hint={MARKDOWN_HINT}
        {...lengthAttributes(CONTENT)}
      />
      {previewing ? (
        <section className="comment-preview" id={previewId} aria-label="Preview of your comment" data-comment-preview>
          <CommentPreview content={content} />
        </section>
      ) : null}
      {closed ? <FormError error={create.error} /> : <FormError error={error} shownFields={["content"]} />}
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
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          <Send aria-hidden="true" size={16} />
          {create.isPending ? "Posting…" : replyTo ? "Post reply" : "Comment"}
        </button>
      </div>
    </Form>
  );
}
