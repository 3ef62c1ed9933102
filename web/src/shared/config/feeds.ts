//! The server's syndication feeds (`/api/v1/feeds/{path}.atom|.rss`): which one goes with which page.
import { API_PREFIX } from "./index";

export type FeedFormat = "atom" | "rss";

/** A feed: its title for feed readers and its path under `/api/v1/feeds/`, without the format. */
export type Feed = { title: string; path: string };

export const feeds = {
  latest: (): Feed => ({ title: "Latest posts on Tidings", path: "latest" }),
  hot: (): Feed => ({ title: "Hot posts on Tidings", path: "hot" }),
  tag: (name: string): Feed => ({ title: `Posts tagged #${name}`, path: `tags/${encodeURIComponent(name)}` }),
  user: (name: string, shownName: string): Feed => ({
    title: `Posts by ${shownName}`,
    path: `users/${encodeURIComponent(name)}`,
  }),
  postComments: (id: number, title: string): Feed => ({ title: `Comments on “${title}”`, path: `posts/${id}/comments` }),
};

/** The feed's path on this site, e.g. `/api/v1/feeds/latest.atom` (make it absolute with canonicalUrl). */
export function feedPath(feed: Feed, format: FeedFormat): string {
  return `${API_PREFIX}/feeds/${feed.path}.${format}`;
}

export const FEED_MEDIA_TYPES: Record<FeedFormat, string> = {
  atom: "application/atom+xml",
  rss: "application/rss+xml",
};
