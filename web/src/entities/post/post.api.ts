import {
  api,
  unwrap,
  unwrapEmpty,
  type CreatePostRequest,
  type PostPage,
  type PostSort,
  type SearchPage,
  type UpdatePostRequest,
} from "@/shared/api";
import { PAGE_SIZE } from "@/shared/config";

/** Which list of posts: every list the site shows is one of these. */
export type PostListScope =
  | { kind: "latest" }
  | { kind: "hot" }
  | { kind: "feed" }
  | { kind: "tag"; tag: string; sort: PostSort }
  /** By the user's id (the API takes a name or an id): see `fetchUserPage`. */
  | { kind: "user-posts" | "user-likes" | "user-collects"; userId: number }
  /** Full-text search; its items are search results (a card plus highlights), not bare cards. */
  | { kind: "search"; q: string; tag?: string };

type PageArgs = { cursor: string | undefined; signal: AbortSignal };

export function fetchPostPage(scope: PostListScope, { cursor, signal }: PageArgs): Promise<PostPage | SearchPage> {
  const paging = { cursor, limit: PAGE_SIZE };
  switch (scope.kind) {
    case "latest":
    case "hot":
      return unwrap(api.GET("/api/v1/posts", { params: { query: { sort: scope.kind, ...paging } }, signal }));
    case "tag":
      return unwrap(
        api.GET("/api/v1/tags/{name}/posts", {
          params: { path: { name: scope.tag }, query: { sort: scope.sort, ...paging } },
          signal,
        }),
      );
    case "user-posts":
      return unwrap(
        api.GET("/api/v1/users/{key}/posts", { params: { path: { key: String(scope.userId) }, query: paging }, signal }),
      );
    case "user-likes":
      return unwrap(
        api.GET("/api/v1/users/{key}/likes", { params: { path: { key: String(scope.userId) }, query: paging }, signal }),
      );
    case "user-collects":
      return unwrap(
        api.GET("/api/v1/users/{key}/collects", { params: { path: { key: String(scope.userId) }, query: paging }, signal }),
      );
    case "feed":
      return unwrap(api.GET("/api/v1/feed", { params: { query: paging }, signal }));
    case "search":
      return unwrap(
        api.GET("/api/v1/search", { params: { query: { q: scope.q, tag: scope.tag || undefined, ...paging } }, signal }),
      );
  }
}

export const fetchPost = (id: number, signal?: AbortSignal) =>
  unwrap(api.GET("/api/v1/posts/{id}", { params: { path: { id } }, signal }));
export const createPost = (body: CreatePostRequest) => unwrap(api.POST("/api/v1/posts", { body }));
export const updatePost = (id: number, body: UpdatePostRequest) =>
  unwrap(api.PATCH("/api/v1/posts/{id}", { params: { path: { id } }, body }));
export const deletePost = (id: number) => unwrapEmpty(api.DELETE("/api/v1/posts/{id}", { params: { path: { id } } }));

export const setPostLike = (id: number, on: boolean) =>
  on
    ? unwrap(api.PUT("/api/v1/posts/{id}/like", { params: { path: { id } } }))
    : unwrap(api.DELETE("/api/v1/posts/{id}/like", { params: { path: { id } } }));
export const setPostCollect = (id: number, on: boolean) =>
  on
    ? unwrap(api.PUT("/api/v1/posts/{id}/collect", { params: { path: { id } } }))
    : unwrap(api.DELETE("/api/v1/posts/{id}/collect", { params: { path: { id } } }));
