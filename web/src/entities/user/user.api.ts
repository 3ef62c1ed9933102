import { api, unwrap } from "@/shared/api";
import { PAGE_SIZE } from "@/shared/config";

export type UserListKind = "followers" | "following";

export const fetchProfile = (idOrName: string, signal?: AbortSignal) =>
  unwrap(api.GET("/api/v1/users/{key}", { params: { path: { key: idOrName } }, signal }));

// `/users/{key}/...` takes a name or an id. The browser's address shows the name (`/users/ada`); the
// API calls pass the id: the lists are cached under it, follow state is patched by it everywhere,
// and it stays right if the person renames themselves while a page is open.
export function fetchUserPage(kind: UserListKind, userId: number, cursor: string | undefined, signal: AbortSignal) {
  const params = { path: { key: String(userId) }, query: { cursor, limit: PAGE_SIZE } };
  return kind === "followers"
    ? unwrap(api.GET("/api/v1/users/{key}/followers", { params, signal }))
    : unwrap(api.GET("/api/v1/users/{key}/following", { params, signal }));
}

export const setFollow = (userId: number, on: boolean) =>
  on
    ? unwrap(api.PUT("/api/v1/users/{key}/follow", { params: { path: { key: String(userId) } } }))
    : unwrap(api.DELETE("/api/v1/users/{key}/follow", { params: { path: { key: String(userId) } } }));

/** People whose name or nickname starts with `prefix` (1–20 characters), for `@` mentions. */
export const fetchUserSuggestions = (prefix: string, limit: number, signal?: AbortSignal) =>
  unwrap(api.GET("/api/v1/user-suggestions", { params: { query: { prefix, limit } }, signal }));
