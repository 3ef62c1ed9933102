import type { InfiniteData, QueryClient } from "@tanstack/react-query";
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
