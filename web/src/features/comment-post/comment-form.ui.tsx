import { Send } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { checkText, fieldLimits, lengthAttributes, toApiError } from "@/shared/api";
import { Form, FormError, TextAreaField, fieldErrors, useFormCheck } from "@/shared/ui";

const CONTENT = fieldLimits("CreateCommentRequest", "content");
import { useCreateComment } from "./create-comment.mutation";

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
        {...lengthAttributes(CONTENT)}
      />
      {closed ? <FormError error={create.error} /> : <FormError error={error} shownFields={["content"]} />}
      <div className="form-actions">
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
