//! The site's public address (`TIDINGS_PUBLIC_URL`), for links that leave the browser: shared
//! posts, feed addresses, the head's canonical link.
//!
//! The server knows it and writes it into the first page's `<link rel="canonical">`; the app
//! reads it from there once, when this module loads (before any navigation replaces that link),
//! because behind a proxy the address the browser shows can differ from the public one.

/** The public base without a trailing slash (`https://example.org` or `https://example.org/news`). */
export type SiteBase = string;

/** The route prefixes a canonical path starts with (as the server writes them; see page-meta.ts). */
const ROUTE_SUFFIX = /\/(?:posts|users|tags)(?:\/.*)?$/;

/**
 * The public base the server's canonical link implies: its origin, plus whatever path comes before
 * the page's own route. Without a usable link, the origin the page was loaded from.
 */
export function siteBaseOf(doc: Document, fallbackOrigin: string): SiteBase {
  const href = doc.querySelector<HTMLLinkElement>('link[rel="canonical"][data-page-meta]')?.getAttribute("href");
  if (!href) return fallbackOrigin;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return fallbackOrigin;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return fallbackOrigin;
  const basePath = url.pathname.replace(ROUTE_SUFFIX, "").replace(/\/+$/, "");
  return url.origin + basePath;
}

const initialBase: SiteBase =
  typeof document === "undefined" || typeof location === "undefined" ? "" : siteBaseOf(document, location.origin);

/** The public base this page load uses. */
export function siteBase(): SiteBase {
  return initialBase;
}

/** The absolute public address of a path on this site: `canonicalUrl('/posts/12')`. */
export function canonicalUrl(path: string, base: SiteBase = initialBase): string {
  return base + (path.startsWith("/") ? path : `/${path}`);
}
