import { useState } from "react";
import { CommentBox } from "@/entities/comment";
import { checkText, fieldLimits, type Comment } from "@/shared/api";
import { useFormCheck, type TextAreaComponent } from "@/shared/ui";
import { useEditComment } from "./edit-comment.mutation";

const CONTENT = fieldLimits("UpdateCommentRequest", "content");

type Props = {
  comment: Pick<Comment, "id" | "post_id" | "content">;
  /** Called once the edit is saved (or there was nothing to change). */
  onDone: () => void;
  onCancel: () => void;
  /** The textarea to write in (the thread gives one that suggests people after `@`). */
  textArea?: TextAreaComponent;
};

/** Your own comment's markdown in the comment box, in place of the comment, with Save and Cancel. */
export function EditCommentForm({ comment, onDone, onCancel, textArea }: Props) {
  const [content, setContent] = useState(comment.content);
  const edit = useEditComment();
  const own = useFormCheck();
  const submit = () => {
    if (!own.check({ content: checkText(content, CONTENT, { required: true }) })) return;
    // Unchanged text is not an edit: nothing to send, and no "(edited)" for it.
    if (content === comment.content) return onDone();
    edit.mutate({ commentId: comment.id, postId: comment.post_id, content }, { onSuccess: onDone });
  };
  return (
    <CommentBox
      name="edit-comment"
      className="comment-form comment-form-edit"
      label="Edit your comment"
      value={content}
      onChange={setContent}
      onSubmit={submit}
      onCancel={onCancel}
      error={own.error ?? edit.error}
      busy={edit.isPending}
      busyLabel="Saving…"
      submitLabel="Save"
      icon="save"
      limits={CONTENT}
      autoFocus
      textArea={textArea}
    />
  );
}
