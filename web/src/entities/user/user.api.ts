import { api, unwrap } from "@/shared/api";
import { PAGE_SIZE } from "@/shared/config";

export type UserListKind = "followers" | "following";

export const fetchProfile = (idOrName: string, signal?: AbortSignal) =>
  unwrap(api.GET("/api/v1/users/{key}", { params: { path: { key: idOrName } }, signal }));

export function fetchUserPage(kind: UserListKind, userId: number, cursor: string | undefined, signal: AbortSignal) {
  const params = { path: { id: userId }, query: { cursor, limit: PAGE_SIZE } };
  return kind === "followers"
    ? unwrap(api.GET("/api/v1/users/{id}/followers", { params, signal }))
    : unwrap(api.GET("/api/v1/users/{id}/following", { params, signal }));
}

export const setFollow = (userId: number, on: boolean) =>
  on
    ? unwrap(api.PUT("/api/v1/users/{id}/follow", { params: { path: { id: userId } } }))
    : unwrap(api.DELETE("/api/v1/users/{id}/follow", { params: { path: { id: userId } } }));
