import { Ban, Undo2 } from "lucide-react";
import { useState } from "react";
import { ReasonDialog, type CommentModeration } from "@/entities/moderation";
import { fieldLimits } from "@/shared/api";
import { showToast } from "@/shared/ui";
import { useModerateComment } from "./moderate-comment.mutation";

const REASON = fieldLimits("ReasonRequest", "reason");

const WORDS = {
  remove: {
    label: "Remove",
    title: "Remove this comment?",
    description:
      "It keeps its place in the thread, with its replies, as “[removed]”. Its author and moderators still see the text. Open reports on it are resolved.",
    confirm: "Remove comment",
    done: "The comment was removed.",
  },
  restore: {
    label: "Restore",
    title: "Restore this comment?",
    description: "Everyone sees its text again.",
    confirm: "Restore comment",
    done: "The comment was restored.",
  },
} satisfies Record<CommentModeration, unknown>;

/**
 * A moderator's Remove or Restore on a comment, asking for the reason in a dialog first.
 * `authorName` completes the button's name ("Remove the comment by ann"): a thread has many.
 */
export function ModerateCommentButton({
  commentId,
  postId,
  action,
  authorName,
  className = "btn btn-ghost btn-small",
}: {
  commentId: number;
  postId: number;
  action: CommentModeration;
  authorName?: string;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const moderate = useModerateComment();
  const words = WORDS[action];
  const Icon = action === "remove" ? Ban : Undo2;
  return (
    <>
      <button
        type="button"
        className={className}
        aria-haspopup="dialog"
        data-action={`${action}-comment`}
        onClick={() => {
          moderate.reset();
          setOpen(true);
        }}
      >
        <Icon aria-hidden="true" size={14} />
        {/* The space inside the text node: one that opens the hidden span is dropped by some name computations. */}
        {authorName ? `${words.label} ` : words.label}
        {authorName ? <span className="sr-only">the comment by {authorName}</span> : null}
      </button>
      {open ? (
        <ReasonDialog
          name={`${action}-comment`}
          title={words.title}
          description={<p>{words.description}</p>}
          confirmLabel={words.confirm}
          limits={REASON}
          busy={moderate.isPending}
          error={moderate.error}
          onClose={() => setOpen(false)}
          onSubmit={(reason) =>
            moderate.mutate(
              { commentId, postId, action, reason },
              {
                onSuccess: () => {
                  setOpen(false);
                  showToast(words.done);
                },
              },
            )
          }
        />
      ) : null}
    </>
  );
}
