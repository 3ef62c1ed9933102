import { Rss } from "lucide-react";
import { FEED_MEDIA_TYPES, type Feed } from "@/shared/config";
import { feedUrl } from "@/shared/lib";

type Props = {
  feed: Feed;
  /**
   * Only the icon (linking the Atom feed), named for screen readers: for the home page, whose
   * first paint the server draws without it (api/src/web_app/first_paint.rs), so the app's adds
   * no text to compare there. The RSS feed stays in the head for feed readers to find.
   */
  iconOnly?: boolean;
};

/**
 * "Atom · RSS": the page's feed for feed readers, at the site's public address. A `span`, not a
 * `p`: a paragraph adds a blank line to the text around it (`innerText`), and on the home page that
 * text must read as the server's first paint does.
 */
export function FeedLinks({ feed, iconOnly = false }: Props) {
  const atom = feedUrl(feed, "atom");
  if (iconOnly) {
    return (
      <span className="feed-links" data-feed-links="">
        <a href={atom} type={FEED_MEDIA_TYPES.atom} aria-label={`${feed.title}: Atom feed`} title={`${feed.title} (Atom feed)`}>
          <Rss aria-hidden="true" size={14} />
        </a>
      </span>
    );
  }
  return (
    <span className="feed-links" data-feed-links="">
      <Rss aria-hidden="true" size={14} />
      <a href={atom} type={FEED_MEDIA_TYPES.atom} title={`${feed.title} (Atom feed)`}>
        Atom feed
      </a>
      <span aria-hidden="true">·</span>
      <a href={feedUrl(feed, "rss")} type={FEED_MEDIA_TYPES.rss} title={`${feed.title} (RSS feed)`}>
        RSS
      </a>
    </span>
  );
}
