import { queryOptions } from "@tanstack/react-query";
import type { UserCard } from "@/shared/api";
import { useCursorList } from "@/shared/lib";
import { fetchProfile, fetchUserPage, type UserListKind } from "./user.api";

export const userKeys = {
  all: ["users"] as const,
  profile: (idOrName: string) => [...userKeys.all, "profile", idOrName] as const,
  lists: () => [...userKeys.all, "list"] as const,
  list: (kind: UserListKind, userId: number) => [...userKeys.lists(), kind, userId] as const,
};

export const profileQuery = (idOrName: string) =>
  queryOptions({ queryKey: userKeys.profile(idOrName), queryFn: ({ signal }) => fetchProfile(idOrName, signal) });

export function useUserList(kind: UserListKind, userId: number) {
  return useCursorList<UserCard>(userKeys.list(kind, userId), (cursor, signal) => fetchUserPage(kind, userId, cursor, signal));
}
