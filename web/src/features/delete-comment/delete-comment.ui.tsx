import { Trash2 } from "lucide-react";
import { toApiError } from "@/shared/api";
import { ConfirmButton } from "@/shared/ui";
import { useDeleteComment } from "./delete-comment.mutation";

export function DeleteCommentButton({ commentId, postId }: { commentId: number; postId: number }) {
  const remove = useDeleteComment();
  return (
    <>
      <ConfirmButton
        confirmLabel="Delete comment"
        action="delete-comment"
        busy={remove.isPending}
        onConfirm={() => remove.mutate({ commentId, postId })}
      >
        <Trash2 aria-hidden="true" size={14} /> Delete
      </ConfirmButton>
      {remove.error ? (
        <span className="inline-error" role="alert">
          {toApiError(remove.error).message}
        </span>
      ) : null}
    </>
  );
}
