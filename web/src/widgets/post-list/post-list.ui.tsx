import type { ReactNode } from "react";
import { CollectPostButton } from "@/features/collect-post";
import { FollowButton } from "@/features/follow-user";
import { LikePostButton } from "@/features/like-post";
import { SharePostButton } from "@/features/share-post";
import { PostCard, PostRow, highlightOf, postOf, usePostList, type PostListScope } from "@/entities/post";
import { useViewer } from "@/entities/session";
import { toApiError } from "@/shared/api";
import { listView } from "@/shared/lib";
import { EmptyState, ErrorState, LoadMore, Loading, ViewSwitch } from "@/shared/ui";

type Props = {
  scope: PostListScope;
  label: string;
  empty: { title: string; body?: ReactNode };
  /** Shown instead of the server's message when it answers 503 (e.g. the search backend is down). */
  unavailable?: string;
  /** A line above the cards, announced to screen readers as it changes (e.g. a result count). */
  summary?: (shown: number, hasMore: boolean) => ReactNode;
  /** Links for the list as a whole (its feed), beside the view switch. */
  tools?: ReactNode;
  loadingLabel?: string;
  loadMoreLabel?: string;
  enabled?: boolean;
};

/**
 * A paginated list of post cards; each card's buttons show and change that card's own state.
 * Search results are the same cards, with the matched words highlighted in title and snippet.
 */
export function PostList({
  scope,
  label,
  empty,
  unavailable,
  summary,
  tools,
  loadingLabel = "Loading posts…",
  loadMoreLabel = "Load more posts",
  enabled = true,
}: Props) {
  // On a user's own post list every card has the same author, followed from the profile header.
  const showFollow = scope.kind !== "user-posts";
  const list = usePostList(scope, { enabled });
  const { me } = useViewer();
  const view = listView.use();
  if (list.isPending) return <Loading label={loadingLabel} />;
  if (list.isError) {
    const down = toApiError(list.error).status === 503;
    return <ErrorState error={list.error} onRetry={list.refetch} title={down ? unavailable : undefined} />;
  }
  if (!list.items.length) return <EmptyState title={empty.title}>{empty.body}</EmptyState>;
  return (
    <section className={`post-list post-list-${view}`} aria-label={label}>
      <div className="list-toolbar">
        {summary ? (
          <p className="list-summary" role="status">
            {summary(list.items.length, list.hasMore)}
          </p>
        ) : null}
        {tools}
        <ViewSwitch />
      </div>
      <ul className="plain-list" role="list">
        {list.items.map((item) => {
          const post = postOf(item);
          if (view === "compact") {
            return (
              <li key={post.id}>
                <PostRow
                  post={post}
                  highlight={highlightOf(item)}
                  vote={<LikePostButton post={post} />}
                  actions={
                    <>
                      <CollectPostButton post={post} />
                      <SharePostButton post={post} />
                    </>
                  }
                />
              </li>
            );
          }
          return (
            <li key={post.id}>
              <PostCard
                post={post}
                highlight={highlightOf(item)}
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
                menu={<SharePostButton post={post} />}
              />
            </li>
          );
        })}
      </ul>
      <LoadMore hasMore={list.hasMore} isLoadingMore={list.isLoadingMore} onLoadMore={list.loadMore} label={loadMoreLabel} />
    </section>
  );
}
