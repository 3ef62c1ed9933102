//! The `<head>` links that say what the page is to things outside the app: its canonical address
//! and its feeds (`<link rel="alternate">`, which feed readers and their browser extensions look
//! for). The server writes them for the page it sends (api/src/web_app/metadata.rs), each marked
//! `data-page-meta`; as the app moves between pages it writes the new page's, by the same rules
//! (`pageMeta` below mirrors metadata.rs: keep the two in step).
import { useEffect } from "react";
import { FEED_MEDIA_TYPES, feedPath, feeds, type Feed, type FeedFormat } from "@/shared/config";
import { canonicalUrl } from "./canonical-url";

/** What a page's head says about it: its canonical path (none: not one to index) and its feeds. */
export type PageMeta = { canonical: string | null; feeds: Feed[] };

const MARK = "data-page-meta";
const FORMATS: FeedFormat[] = ["atom", "rss"];

/** Tag names are case-insensitive: the server's tag pages and feeds use the lowercase name. */
const tagName = (name: string) => name.trim().toLowerCase();

export const pageMeta = {
  /** `/` (Latest; also someone's timeline, whose canonical page is the front page) and `/?tab=hot`. */
  home: (tab: "latest" | "hot" | "timeline"): PageMeta =>
    tab === "hot" ? { canonical: "/?tab=hot", feeds: [feeds.hot()] } : { canonical: "/", feeds: [feeds.latest()] },
  tags: (): PageMeta => ({ canonical: "/tags", feeds: [] }),
  /** The public moderation log (its filters are not pages of their own). */
  modlog: (): PageMeta => ({ canonical: "/modlog", feeds: [] }),
  tag: (name: string): PageMeta => ({
    canonical: `/tags/${encodeURIComponent(tagName(name))}`,
    feeds: [feeds.tag(tagName(name))],
  }),
  /** A profile; `tab` is the section in the address (none or "posts": the posts). */
  user: (user: { name: string; shownName: string }, tab?: string): PageMeta => ({
    canonical: `/users/${encodeURIComponent(user.name)}${tab && tab !== "posts" ? `/${tab}` : ""}`,
    feeds: [feeds.user(user.name, user.shownName)],
  }),
  post: (post: { id: number; title: string }): PageMeta => ({
    canonical: `/posts/${post.id}`,
    feeds: [feeds.postComments(post.id, post.title)],
  }),
};

/** The absolute address of a feed, as the head and the visible feed links give it. */
export function feedUrl(feed: Feed, format: FeedFormat): string {
  return canonicalUrl(feedPath(feed, format));
}

function linkElement(doc: Document, attributes: Record<string, string>): HTMLLinkElement {
  const link = doc.createElement("link");
  for (const [name, value] of Object.entries(attributes)) link.setAttribute(name, value);
  link.setAttribute(MARK, "");
  return link;
}

/** The page's links as `rel type href`, to compare what is in the head with what should be. */
function signature(links: Iterable<HTMLLinkElement>): string {
  return [...links]
    .map((link) => `${link.rel} ${link.type} ${link.getAttribute("href")}`)
    .sort()
    .join("\n");
}

/**
 * Makes the head's page links those of `meta`. When they already are (the page the server wrote
 * them for), they stay, with the rest of what the server wrote (Open Graph, Twitter card), which
 * is about the same page; otherwise everything marked as the page's goes and the new links come.
 */
export function applyPageMeta(meta: PageMeta, doc: Document = document) {
  const wanted: HTMLLinkElement[] = [];
  if (meta.canonical) wanted.push(linkElement(doc, { rel: "canonical", href: canonicalUrl(meta.canonical) }));
  for (const feed of meta.feeds) {
    for (const format of FORMATS) {
      wanted.push(
        linkElement(doc, { rel: "alternate", type: FEED_MEDIA_TYPES[format], title: feed.title, href: feedUrl(feed, format) }),
      );
    }
  }
  const present = doc.head.querySelectorAll<HTMLLinkElement>(`link[${MARK}]:is([rel="canonical"], [rel="alternate"])`);
  if (signature(present) === signature(wanted)) return;
  clearPageMeta(doc);
  doc.head.append(...wanted);
}

/** Removes everything in the head that describes the current page (it is being left). */
export function clearPageMeta(doc: Document = document) {
  for (const element of doc.head.querySelectorAll(`[${MARK}]`)) element.remove();
}

/**
 * A page's head links, while it shows. `undefined` while the page does not know them yet (its
 * data is loading): nothing changes. When the page goes or its meta changes, its links go with
 * it, so a page without meta (settings, sign-in) is left with none.
 */
export function usePageMeta(meta: PageMeta | undefined) {
  const key = meta ? JSON.stringify(meta) : "";
  useEffect(() => {
    if (!key) return;
    applyPageMeta(JSON.parse(key) as PageMeta);
    return () => clearPageMeta();
  }, [key]);
}
