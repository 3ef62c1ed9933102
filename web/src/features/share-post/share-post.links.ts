import { SHARE_SERVICES, paths, shareServiceUrl } from "@/shared/config";
import { canonicalUrl } from "@/shared/lib";

/** What is shared of a post: its public address and its title. */
export type SharedLink = { url: string; title: string };

export function sharedLinkOf(post: { id: number; title: string }): SharedLink {
  return { url: canonicalUrl(paths.post(post.id)), title: post.title };
}

/**
 * A `mailto:` with no recipient (the mail program asks), the title as subject and the title and
 * address as body. Every part is percent-encoded (RFC 6068), so `&`, `#`, quotes and emoji in a
 * title stay text; lines end in CRLF as the RFC asks.
 */
export function mailtoHref(link: SharedLink): string {
  const body = `${link.title}\r\n\r\n${link.url}`;
  return `mailto:?subject=${encodeURIComponent(link.title)}&body=${encodeURIComponent(body)}`;
}

/** The configured services (shared/config/share-services.ts) with their address for `link`. */
export function serviceLinks(link: SharedLink) {
  return SHARE_SERVICES.map((service) => ({ id: service.id, name: service.name, href: shareServiceUrl(service, link) }));
}

/**
 * The system share sheet (phones, most desktop browsers but Linux ones), when there is one.
 * "shared" / "cancelled" (the person closed the sheet: not an error) / "unavailable" (no Web
 * Share, or it refused, e.g. without a user gesture: the caller offers its own menu instead).
 */
export async function shareNatively(link: SharedLink): Promise<"shared" | "cancelled" | "unavailable"> {
  if (typeof navigator.share !== "function") return "unavailable";
  try {
    await navigator.share({ title: link.title, url: link.url });
    return "shared";
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") return "cancelled";
    return "unavailable";
  }
}
