import { useSignInGuard } from "@/entities/session";
import type { PostCard } from "@/shared/api";
import { LikeIcon, ReactionButton } from "@/shared/ui";
import { useLikePost } from "./like-post.mutation";

export function LikePostButton({
  post,
}: {
  post: Pick<PostCard, "id" | "liked" | "like_count" | "collected" | "collect_count">;
}) {
  const like = useLikePost();
  const ensureSignedIn = useSignInGuard();
  return (
    <ReactionButton
      icon={LikeIcon}
      label="Like"
      action="like"
      pressed={post.liked}
      count={post.like_count}
      busy={like.isPending}
      onToggle={() => ensureSignedIn({ kind: "like-post", postId: post.id }) && like.mutate({ post, on: !post.liked })}
    />
  );
}
