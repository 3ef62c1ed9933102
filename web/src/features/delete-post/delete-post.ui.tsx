import { Trash2 } from "lucide-react";
import { useNavigate } from "react-router";
import { paths } from "@/shared/config";
import { Alert, ConfirmButton } from "@/shared/ui";
import { toApiError } from "@/shared/api";
import { useDeletePost } from "./delete-post.mutation";

export function DeletePostButton({ postId }: { postId: number }) {
  const remove = useDeletePost();
  const navigate = useNavigate();
  return (
    <>
      <ConfirmButton
        className="btn btn-ghost"
        confirmLabel="Delete post"
        action="delete-post"
        busy={remove.isPending}
        onConfirm={() => remove.mutate(postId, { onSuccess: () => void navigate(paths.home, { replace: true }) })}
      >
        <Trash2 aria-hidden="true" size={16} /> Delete
      </ConfirmButton>
      {remove.error ? <Alert>{toApiError(remove.error).message}</Alert> : null}
    </>
  );
}
