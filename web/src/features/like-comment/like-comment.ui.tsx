import { useSignInGuard } from "@/entities/session";
import type { Comment } from "@/shared/api";
import { LikeIcon, ReactionButton } from "@/shared/ui";
import { useLikeComment } from "./like-comment.mutation";

export function LikeCommentButton({ comment }: { comment: Pick<Comment, "id" | "post_id" | "liked" | "like_count"> }) {
  const like = useLikeComment();
  const ensureSignedIn = useSignInGuard();
  return (
    <ReactionButton
      icon={LikeIcon}
      label="Like comment"
      action="like-comment"
      pressed={comment.liked}
      count={comment.like_count}
      busy={like.isPending}
      onToggle={() => ensureSignedIn() && like.mutate({ comment, on: !comment.liked })}
    />
  );
}
