//! The places a post can be shared to besides the Web Share sheet, copy and email, in menu order.
//! Each is a plain link opened in a new tab: `{url}` and `{title}` in its template are replaced by
//! the post's canonical address and title, percent-encoded. Services without one public submit
//! address (Mastodon and the rest of the fediverse: each server has its own) are left out.

export type ShareService = {
  /** Stable, for tests and `data-share-service`. */
  id: string;
  name: string;
  template: string;
};

export const SHARE_SERVICES: readonly ShareService[] = [
  { id: "bluesky", name: "Bluesky", template: "https://bsky.app/intent/compose?text={title}%20{url}" },
  { id: "hacker-news", name: "Hacker News", template: "https://news.ycombinator.com/submitlink?u={url}&t={title}" },
  { id: "reddit", name: "Reddit", template: "https://www.reddit.com/submit?url={url}&title={title}" },
  { id: "linkedin", name: "LinkedIn", template: "https://www.linkedin.com/sharing/share-offsite/?url={url}" },
  { id: "x", name: "X (Twitter)", template: "https://x.com/intent/tweet?text={title}&url={url}" },
];

/** A service's submit address for one link. */
export function shareServiceUrl(service: ShareService, link: { url: string; title: string }): string {
  return service.template.replaceAll("{url}", encodeURIComponent(link.url)).replaceAll("{title}", encodeURIComponent(link.title));
}
