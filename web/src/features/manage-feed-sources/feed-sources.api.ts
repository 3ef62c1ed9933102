import { requestUntyped } from "@/shared/api";

/**
 * A feed the server crawls into posts for the signed-in user. `/me/feeds` is not in openapi.json
 * yet, so this is the one shape written by hand; replace it with the generated type when it lands.
 */
export type FeedSource = { id: number; url: string; title?: string | null; last_fetched_at?: string | null };

export async function fetchFeedSources(): Promise<FeedSource[]> {
  const body = await requestUntyped<FeedSource[] | { items: FeedSource[] }>("GET", "/me/feeds");
  return Array.isArray(body) ? body : (body?.items ?? []);
}
export const addFeedSource = (url: string) => requestUntyped<FeedSource>("POST", "/me/feeds", { json: { url } });
export const removeFeedSource = (id: number) => requestUntyped<void>("DELETE", `/me/feeds/${id}`);
