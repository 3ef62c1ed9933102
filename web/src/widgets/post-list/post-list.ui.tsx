import type { ReactNode } from "react";
import { CollectPostButton } from "@/features/collect-post";
import { FollowButton } from "@/features/follow-user";
import { LikePostButton } from "@/features/like-post";
import { PostCard, usePostList, type PostListScope } from "@/entities/post";
import { useViewer } from "@/entities/session";
import type { ApiError } from "@/shared/api";
import { EmptyState, ErrorState, LoadMore, Loading } from "@/shared/ui";

type Props = {
  scope: PostListScope;
  label: string;
  empty: { title: string; body?: ReactNode };
  /** Shown instead of an error when the server does not have this list's endpoint yet. */
  comingSoon?: ReactNode;
  enabled?: boolean;
};

/**
 * Lists whose endpoint or parameter the server may not have yet: a missing route (404/405), or a
 * `sort=hot` refused as an unknown value (400/422).
 */
const notOfferedYet = (error: ApiError) => error.isMissingEndpoint || error.status === 400 || error.status === 422;

/** A paginated list of post cards; each card's buttons show and change that card's own state. */
export function PostList({ scope, label, empty, comingSoon, enabled = true }: Props) {
  // On a user's own post list every card has the same author, followed from the profile header.
  const showFollow = scope.kind !== "user-posts";
  const list = usePostList(scope, { enabled });
  const { me } = useViewer();
  if (list.isPending) return <Loading label="Loading posts…" />;
  if (list.isError)
    return <ErrorState error={list.error} onRetry={list.refetch} comingSoon={comingSoon} isComingSoon={notOfferedYet} />;
  if (!list.items.length) return <EmptyState title={empty.title}>{empty.body}</EmptyState>;
  return (
    <section className="post-list" aria-label={label}>
      <ul className="plain-list">
        {list.items.map((post) => (
          <li key={post.id}>
            <PostCard
              post={post}
              authorAction={
                showFollow && me && me.id !== post.author.id ? (
                  <FollowButton user={post.author} followed={post.author_followed} size="small" />
                ) : null
              }
              actions={
                <>
                  <LikePostButton post={post} />
                  <CollectPostButton post={post} />
                </>
              }
            />
          </li>
        ))}
      </ul>
      <LoadMore hasMore={list.hasMore} isLoadingMore={list.isLoadingMore} onLoadMore={list.loadMore} label="Load more posts" />
    </section>
  );
}
