import { FollowButton } from "@/features/follow-user";
import { UserRow, useUserList, type UserListKind } from "@/entities/user";
import { EmptyState, ErrorState, LoadMore, Loading } from "@/shared/ui";

export function UserList({ kind, userId, emptyTitle }: { kind: UserListKind; userId: number; emptyTitle: string }) {
  const list = useUserList(kind, userId);
  if (list.isPending) return <Loading label="Loading people…" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={list.refetch} />;
  if (!list.items.length) return <EmptyState title={emptyTitle} />;
  return (
    <section aria-label={kind === "followers" ? "Followers" : "Following"}>
      <ul className="plain-list user-list">
        {list.items.map((user) => (
          <UserRow key={user.id} user={user} action={<FollowButton user={user} followed={user.followed} size="small" />} />
        ))}
      </ul>
      <LoadMore hasMore={list.hasMore} isLoadingMore={list.isLoadingMore} onLoadMore={list.loadMore} label="Load more people" />
    </section>
  );
}
