import {
  api,
  requestUntyped,
  unwrap,
  unwrapEmpty,
  type CreatePostRequest,
  type PostPage,
  type SearchPage,
  type UpdatePostRequest,
} from "@/shared/api";
import { PAGE_SIZE } from "@/shared/config";

/** Which list of posts: every list the site shows is one of these. */
export type PostListScope =
  | { kind: "latest" }
  | { kind: "hot" }
  | { kind: "feed" }
  | { kind: "tag"; tag: string; sort: "latest" | "hot" }
  | { kind: "user-posts" | "user-likes" | "user-collects"; userId: number }
  | { kind: "search"; q: string; tag?: string };

type PageArgs = { cursor: string | undefined; signal: AbortSignal };

export function fetchPostPage(scope: PostListScope, { cursor, signal }: PageArgs): Promise<PostPage | SearchPage> {
  const paging = { cursor, limit: PAGE_SIZE };
  switch (scope.kind) {
    case "latest":
      return unwrap(api.GET("/api/v1/posts", { params: { query: { sort: "latest", ...paging } }, signal }));
    // `sort=hot` is not in the spec's PostSort yet: sent untyped until it is.
    case "hot":
      return requestUntyped<PostPage>("GET", "/posts", { query: { sort: "hot", ...paging }, signal });
    case "tag":
      if (scope.sort === "hot") {
        return requestUntyped<PostPage>("GET", `/tags/${encodeURIComponent(scope.tag)}/posts`, {
          query: { sort: "hot", ...paging },
          signal,
        });
      }
      return unwrap(
        api.GET("/api/v1/tags/{name}/posts", {
          params: { path: { name: scope.tag }, query: { sort: "latest", ...paging } },
          signal,
        }),
      );
    case "user-posts":
      return unwrap(api.GET("/api/v1/users/{id}/posts", { params: { path: { id: scope.userId }, query: paging }, signal }));
    case "user-likes":
      return unwrap(api.GET("/api/v1/users/{id}/likes", { params: { path: { id: scope.userId }, query: paging }, signal }));
    case "user-collects":
      return unwrap(api.GET("/api/v1/users/{id}/collects", { params: { path: { id: scope.userId }, query: paging }, signal }));
    case "feed":
      return unwrap(api.GET("/api/v1/feed", { params: { query: paging }, signal }));
    case "search":
      return requestUntyped<SearchPage>("GET", "/search", { query: { q: scope.q, tag: scope.tag, ...paging }, signal });
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
