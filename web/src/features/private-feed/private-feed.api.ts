import { api, unwrap, unwrapEmpty, type FeedTokenCreated, type FeedTokenStatus } from "@/shared/api";

export const feedTokenKey = ["me", "feed-token"] as const;

export const fetchFeedToken = (): Promise<FeedTokenStatus> => unwrap(api.GET("/api/v1/me/feed-token"));

/** A new token, replacing any earlier one (whose addresses stop working). */
export const createFeedToken = (): Promise<FeedTokenCreated> => unwrap(api.POST("/api/v1/me/feed-token"));

export const revokeFeedToken = () => unwrapEmpty(api.DELETE("/api/v1/me/feed-token"));
