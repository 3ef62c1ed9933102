//! Keeps every cached copy of a post consistent. A post can be in several lists (latest, hot, a
//! tag, a profile tab, search results) and on its detail page at once; a reaction patches all of
//! them by id. Search results wrap the card (`{post, title_html, snippet_html}`): the card inside
//! is patched the same way.
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { AvatarPatch } from "@/shared/lib";
import type { PostCard } from "@/shared/api";
import { postKeys } from "./post.queries";

export type PostPatch = Partial<
  Pick<PostCard, "liked" | "like_count" | "collected" | "collect_count" | "comment_count" | "author_followed">
>;

type PostLike = { id: number; author?: { id: number } };
/** A search result: the card is one level down. */
type WrappedPost = { post: PostLike };
type PageLike = { items: (PostLike | WrappedPost)[] };

function isInfinite(data: unknown): data is InfiniteData<PageLike> {
  return typeof data === "object" && data !== null && Array.isArray((data as InfiniteData<unknown>).pages);
}

function isPost(data: unknown): data is PostLike {
  return typeof data === "object" && data !== null && typeof (data as PostLike).id === "number" && "like_count" in data;
}

function isWrapped(item: unknown): item is WrappedPost {
  return typeof item === "object" && item !== null && "post" in item && isPost((item as WrappedPost).post);
}

/** The card of a list entry, bare or wrapped. */
function cardOf(item: PostLike | WrappedPost): PostLike {
  return isWrapped(item) ? item.post : item;
}

/**
 * Returns `data` with `update` applied to each post matching `match`; unchanged parts keep their
 * identity (so untouched cards do not re-render), and `data` itself is returned when nothing matched.
 */
export function mapPosts<T>(data: T, match: (post: PostLike) => boolean, update: (post: PostLike) => PostLike): T {
  if (isInfinite(data)) {
    let changed = false;
    const pages = data.pages.map((page) => {
      if (!page || !Array.isArray(page.items)) return page;
      let pageChanged = false;
      const items = page.items.map((item) => {
        const post = cardOf(item);
        if (!match(post)) return item;
        pageChanged = true;
        return isWrapped(item) ? { ...item, post: update(post) } : update(post);
      });
      if (!pageChanged) return page;
      changed = true;
      return { ...page, items };
    });
    return changed ? ({ ...data, pages } as T) : data;
  }
  if (isPost(data) && match(data)) return update(data) as T;
  return data;
}

export function patchPostEverywhere(queryClient: QueryClient, postId: number, patch: PostPatch) {
  queryClient.setQueriesData({ queryKey: postKeys.all }, (data: unknown) =>
    mapPosts(
      data,
      (post) => post.id === postId,
      (post) => ({ ...post, ...patch }),
    ),
  );
}

/** The caller's follow flag is per author; every card by that author changes together. */
export function patchAuthorEverywhere(queryClient: QueryClient, authorId: number, patch: Pick<PostPatch, "author_followed">) {
  queryClient.setQueriesData({ queryKey: postKeys.all }, (data: unknown) =>
    mapPosts(
      data,
      (post) => post.author?.id === authorId,
      (post) => ({ ...post, ...patch }),
    ),
  );
}

/** A change to how an author looks (a new avatar) shows on every cached card of theirs. */
export function patchPostAuthorEverywhere(queryClient: QueryClient, authorId: number, patch: AvatarPatch) {
  queryClient.setQueriesData({ queryKey: postKeys.all }, (data: unknown) =>
    mapPosts(
      data,
      (post) => post.author?.id === authorId,
      (post) => ({ ...post, author: { ...post.author, ...patch } as PostLike["author"] }),
    ),
  );
}

/** The first cached copy of a post, wherever it is. */
export function findCachedPost(queryClient: QueryClient, postId: number): PostCard | undefined {
  for (const [, data] of queryClient.getQueriesData({ queryKey: postKeys.all })) {
    let found: PostCard | undefined;
    mapPosts(
      data,
      (post) => post.id === postId,
      (post) => {
        found ??= post as PostCard;
        return post;
      },
    );
    if (found) return found;
  }
  return undefined;
}

export function removePostEverywhere(queryClient: QueryClient, postId: number) {
  queryClient.removeQueries({ queryKey: postKeys.detail(postId) });
  removePostFromLists(queryClient, postId);
}

/** Takes a post out of every cached list, its page kept (a moderator's removal: they still see it). */
export function removePostFromLists(queryClient: QueryClient, postId: number) {
  queryClient.setQueriesData({ queryKey: postKeys.lists() }, (data: unknown) => {
    if (!isInfinite(data)) return data;
    const keep = (item: PostLike | WrappedPost) => cardOf(item).id !== postId;
    if (data.pages.every((page) => page.items.every(keep))) return data;
    return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter(keep) })) };
  });
}
