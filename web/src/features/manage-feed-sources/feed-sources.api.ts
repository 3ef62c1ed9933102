import { api, unwrap, unwrapEmpty, type FeedSource } from "@/shared/api";

export const feedSourcesKey = ["me", "feeds"] as const;

export async function fetchFeedSources(): Promise<FeedSource[]> {
  const body = await unwrap(api.GET("/api/v1/me/feeds"));
  return body.items;
}

export const addFeedSource = (url: string) => unwrap(api.POST("/api/v1/me/feeds", { body: { url } }));

export const removeFeedSource = (id: number) => unwrapEmpty(api.DELETE("/api/v1/me/feeds/{id}", { params: { path: { id } } }));

/** Asks the server to poll the feed now (202: queued; the list shows the result later). */
export const refreshFeedSource = (id: number) => unwrap(api.POST("/api/v1/me/feeds/{id}/refresh", { params: { path: { id } } }));
