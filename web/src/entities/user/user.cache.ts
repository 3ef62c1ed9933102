import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { AvatarPatch } from "@/shared/lib";
import type { UserPage, UserProfile } from "@/shared/api";
import { userKeys } from "./user.queries";

/** Applies a follow change to the profile and to every user list that shows this user. */
export function patchFollowEverywhere(queryClient: QueryClient, userId: number, followed: boolean, followerCount?: number) {
  queryClient.setQueriesData<UserProfile>({ queryKey: [...userKeys.all, "profile"] }, (profile) =>
    profile && profile.id === userId
      ? {
          ...profile,
          followed,
          stats: { ...profile.stats, follower_count: followerCount ?? profile.stats.follower_count },
        }
      : profile,
  );
  queryClient.setQueriesData<InfiniteData<UserPage>>({ queryKey: userKeys.lists() }, (data) => {
    if (!data?.pages.some((page) => page.items.some((user) => user.id === userId && user.followed !== followed))) return data;
    return {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items.map((user) => (user.id === userId ? { ...user, followed } : user)),
      })),
    };
  });
}

/** A change to how a user looks (a new avatar) shows on their profile and in every cached list of people. */
export function patchUserEverywhere(queryClient: QueryClient, userId: number, patch: AvatarPatch) {
  queryClient.setQueriesData<UserProfile>({ queryKey: [...userKeys.all, "profile"] }, (profile) =>
    profile && profile.id === userId ? { ...profile, ...patch } : profile,
  );
  queryClient.setQueriesData<InfiniteData<UserPage>>({ queryKey: userKeys.lists() }, (data) => {
    if (!data?.pages.some((page) => page.items.some((user) => user.id === userId))) return data;
    return {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items.map((user) => (user.id === userId ? { ...user, ...patch } : user)),
      })),
    };
  });
}
