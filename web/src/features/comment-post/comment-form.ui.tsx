import { useState } from "react";
import { CommentBox } from "@/entities/comment";
import { checkText, fieldLimits } from "@/shared/api";
import { useFormCheck, type TextAreaComponent } from "@/shared/ui";
import { useCreateComment } from "./create-comment.mutation";

const CONTENT = fieldLimits("CreateCommentRequest", "content");

type Props = {
  postId: number;
  /** The comment being replied to; absent for a comment on the post. */
  replyTo?: { id: number; authorName: string };
  autoFocus?: boolean;
  onDone?: () => void;
  onCancel?: () => void;
  /** The textarea to write in (the thread gives one that suggests people after `@`). */
  textArea?: TextAreaComponent;
};

export function CommentForm({ postId, replyTo, autoFocus, onDone, onCancel, textArea }: Props) {
  const [content, setContent] = useState("");
  // A sent comment starts a fresh box (empty, preview closed).
  const [sent, setSent] = useState(0);
  const create = useCreateComment();
  const own = useFormCheck();

  const submit = () => {
    if (!own.check({ content: checkText(content, CONTENT, { required: true }) })) return;
    create.mutate(
      { postId, content, refId: replyTo?.id },
      {
        onSuccess: () => {
          setContent("");
          setSent((count) => count + 1);
          onDone?.();
        },
      },
    );
  };
  return (
    <CommentBox
      key={sent}
      name={replyTo ? "reply" : "comment"}
      className={`comment-form${replyTo ? " comment-form-reply" : ""}`}
      label={replyTo ? `Reply to ${replyTo.authorName}` : "Add a comment"}
      rows={replyTo ? 2 : 3}
      placeholder={replyTo ? "Write a reply…" : "Share your thoughts…"}
      value={content}
      onChange={setContent}
      onSubmit={submit}
      onCancel={onCancel}
      error={own.error ?? create.error}
      busy={create.isPending}
      busyLabel="Posting…"
      submitLabel={replyTo ? "Post reply" : "Comment"}
      limits={CONTENT}
      autoFocus={autoFocus}
      textArea={textArea}
    />
  );
}
