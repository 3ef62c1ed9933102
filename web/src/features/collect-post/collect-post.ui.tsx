import { Bookmark } from "lucide-react";
import { useSignInGuard } from "@/entities/session";
import type { PostCard } from "@/shared/api";
import { ReactionButton } from "@/shared/ui";
import { useCollectPost } from "./collect-post.mutation";

export function CollectPostButton({
  post,
}: {
  post: Pick<PostCard, "id" | "liked" | "like_count" | "collected" | "collect_count">;
}) {
  const collect = useCollectPost();
  const ensureSignedIn = useSignInGuard();
  return (
    <ReactionButton
      icon={Bookmark}
      label="Bookmark"
      action="collect"
      pressed={post.collected}
      count={post.collect_count}
      busy={collect.isPending}
      onToggle={() => ensureSignedIn({ kind: "collect-post", postId: post.id }) && collect.mutate({ post, on: !post.collected })}
    />
  );
}
