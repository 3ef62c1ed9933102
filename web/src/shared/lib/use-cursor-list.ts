//! The "Load more" list: an infinite query over `{items, next_cursor}` pages.
import { useInfiniteQuery, type QueryKey } from "@tanstack/react-query";
import { useMemo } from "react";
import type { CursorPage } from "@/shared/api";

export type CursorListOptions = {
  enabled?: boolean;
  staleTime?: number;
  /** While a new key loads, keep showing the last key's data when this says the two are the
   * same list (another order of it, say) — never another list's items. */
  keepPreviousOf?: (previousKey: QueryKey) => boolean;
};

export function cursorListOptions<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<CursorPage<T>>,
) {
  return {
    queryKey,
    queryFn: ({ pageParam, signal }: { pageParam: string | undefined; signal: AbortSignal }) => fetchPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: CursorPage<T>) => last.next_cursor || undefined,
  };
}

export function useCursorList<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<CursorPage<T>>,
  options: CursorListOptions = {},
) {
  const { keepPreviousOf, ...rest } = options;
  const query = useInfiniteQuery({
    ...cursorListOptions(queryKey, fetchPage),
    ...rest,
    placeholderData: (previous, previousQuery) =>
      keepPreviousOf && previousQuery && keepPreviousOf(previousQuery.queryKey) ? previous : undefined,
  });
  const items = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  return {
    items,
    error: query.error,
    isPending: query.isPending,
    isError: query.isError,
    hasMore: query.hasNextPage,
    isLoadingMore: query.isFetchingNextPage,
    loadMore: () => {
      if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
    },
    refetch: () => void query.refetch(),
  };
}

export type CursorList<T> = ReturnType<typeof useCursorList<T>>;
