import { useId, type ReactNode } from "react";
import { Link } from "react-router";
import type { PostCard as PostCardDto } from "@/shared/api";
import { paths } from "@/shared/config";
import { displayName, hostOf } from "@/shared/lib";
import { TimeAgo } from "@/shared/ui";
import { highlightNodes } from "./highlight.ui";
import type { PostHighlight } from "./post.queries";

type Props = {
  post: PostCardDto;
  highlight?: PostHighlight;
  /** The like toggle with its count (the row's "points"), before the title. */
  vote?: ReactNode;
  /** Other toggles (bookmark), at the end of the row. */
  actions?: ReactNode;
};

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * One post in the compact list: title and domain on one line; likes, author, age and comments on
 * the next (as Hacker News and Lobsters show them), so many more posts fit on a screen.
 */
export function PostRow({ post, highlight, vote, actions }: Props) {
  const titleId = useId();
  const host = hostOf(post.orig_url);
  const titleHtml = highlight?.titleHtml ? highlightNodes(highlight.titleHtml) : null;
  return (
    <article className="post-row" data-post-id={post.id} aria-labelledby={titleId}>
      {vote ? <div className="post-row-vote">{vote}</div> : null}
      <div className="post-row-main">
        <h2 className="post-row-title" id={titleId}>
          {titleHtml ? (
            <Link to={paths.post(post.id)} title={post.title}>
              <span className="search-highlight" data-title-html>
                {titleHtml}
              </span>
            </Link>
          ) : (
            <Link to={paths.post(post.id)} title={post.title}>
              {post.title}
            </Link>
          )}
          {host && post.orig_url ? (
            <a className="post-row-host" href={post.orig_url} target="_blank" rel="noopener noreferrer nofollow ugc">
              ({host})<span className="sr-only"> original link, opens in a new tab</span>
            </a>
          ) : null}
        </h2>
        <p className="post-row-meta">
          <span>
            by{" "}
            <Link className="byline-name" to={paths.user(post.author.name)}>
              {displayName(post.author)}
            </Link>
          </span>
          <span aria-hidden="true"> · </span>
          <TimeAgo iso={post.created_at} />
          <span aria-hidden="true"> · </span>
          <Link to={`${paths.post(post.id)}#comments`} data-action="comments">
            {plural(post.comment_count, "comment", "comments")}
          </Link>
        </p>
      </div>
      {actions ? <div className="post-row-actions">{actions}</div> : null}
    </article>
  );
}
