import { Ban, Lock, LockOpen, Undo2, type LucideIcon } from "lucide-react";
import { useState } from "react";
import { ReasonDialog, type PostModeration } from "@/entities/moderation";
import { fieldLimits, type PostDetail } from "@/shared/api";
import { showToast } from "@/shared/ui";
import { useModeratePost } from "./moderate-post.mutation";

const REASON = fieldLimits("ReasonRequest", "reason");

type Words = { label: string; icon: LucideIcon; title: string; description: string; confirm: string; done: string };

const WORDS: Record<PostModeration, Words> = {
  remove: {
    label: "Remove post",
    icon: Ban,
    title: "Remove this post?",
    description:
      "It leaves every list, and its page tells others a moderator removed it, with your reason. Its author and moderators still see it. Open reports on it are resolved.",
    confirm: "Remove post",
    done: "The post was removed.",
  },
  restore: {
    label: "Restore post",
    icon: Undo2,
    title: "Restore this post?",
    description: "It shows again for everyone, where it was, with its comments and likes.",
    confirm: "Restore post",
    done: "The post was restored.",
  },
  lock: {
    label: "Lock comments",
    icon: Lock,
    title: "Lock the comments?",
    description:
      "Nobody can comment until a moderator unlocks them; the author cannot reopen them. Your reason is shown above the comments.",
    confirm: "Lock comments",
    done: "The comments were locked.",
  },
  unlock: {
    label: "Unlock comments",
    icon: LockOpen,
    title: "Unlock the comments?",
    description: "People can comment again.",
    confirm: "Unlock comments",
    done: "The comments were unlocked.",
  },
};

/** One moderator action on a post, asking for the reason in a dialog first. */
export function ModeratePostButton({
  postId,
  action,
  className = "btn btn-ghost btn-small",
}: {
  postId: number;
  action: PostModeration;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const moderate = useModeratePost();
  const words = WORDS[action];
  const Icon = words.icon;
  return (
    <>
      <button
        type="button"
        className={className}
        aria-haspopup="dialog"
        data-action={`${action}-post`}
        onClick={() => {
          moderate.reset();
          setOpen(true);
        }}
      >
        <Icon aria-hidden="true" size={14} /> {words.label}
      </button>
      {open ? (
        <ReasonDialog
          name={`${action}-post`}
          title={words.title}
          description={<p>{words.description}</p>}
          confirmLabel={words.confirm}
          limits={REASON}
          busy={moderate.isPending}
          error={moderate.error}
          onClose={() => setOpen(false)}
          onSubmit={(reason) =>
            moderate.mutate(
              { postId, action, reason },
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

/**
 * A moderator's tools on a post page: Remove or Restore, Lock or Unlock comments. "Unlock" only
 * for a moderator's lock (`locked_reason`): comments its author turned off are theirs to open.
 */
export function PostModerationActions({ post }: { post: Pick<PostDetail, "id" | "removed" | "locked_reason"> }) {
  return (
    <div className="actions moderation-actions" role="group" aria-label="Moderation">
      <ModeratePostButton postId={post.id} action={post.removed ? "restore" : "remove"} />
      <ModeratePostButton postId={post.id} action={post.locked_reason ? "unlock" : "lock"} />
    </div>
  );
}
