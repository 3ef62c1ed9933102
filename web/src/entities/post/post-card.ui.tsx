import { ExternalLink, MessageSquare } from "lucide-react";
import { useId, type ReactNode } from "react";
import { Link } from "react-router";
import type { PostCard as PostCardDto } from "@/shared/api";
import { paths } from "@/shared/config";
import { compactNumber, displayName, hostOf } from "@/shared/lib";
import { Avatar, TagLinks, TimeAgo } from "@/shared/ui";
import { highlightNodes } from "./highlight.ui";
import type { PostHighlight } from "./post.queries";

type Props = {
  post: PostCardDto;
  /** Search results: the title and a snippet with `<b>` around the matched words. */
  highlight?: PostHighlight;
  /** Reaction buttons, given by the widget (entities do not know features). */
  actions?: ReactNode;
  /** Shown beside the author, e.g. a follow button. */
  authorAction?: ReactNode;
  /** The last of the actions, after the comments link (the share menu). */
  menu?: ReactNode;
};

/** One post in a list. Everything it shows comes from this post's own fields. */
export function PostCard({ post, highlight, actions, authorAction, menu }: Props) {
  const titleId = useId();
  const host = hostOf(post.orig_url);
  const titleHtml = highlight?.titleHtml ? highlightNodes(highlight.titleHtml) : null;
  const snippetHtml = highlight?.snippetHtml ? highlightNodes(highlight.snippetHtml) : null;
  return (
    <article className="card post-card" data-post-id={post.id} aria-labelledby={titleId}>
      <h2 className="post-card-title" id={titleId}>
        {titleHtml ? (
          <Link to={paths.post(post.id)}>
            <span className="search-highlight" data-title-html>
              {titleHtml}
            </span>
          </Link>
        ) : (
          <Link to={paths.post(post.id)}>{post.title}</Link>
        )}
        {host && post.orig_url ? (
          <a className="post-card-host" href={post.orig_url} target="_blank" rel="noopener noreferrer nofollow ugc">
            <ExternalLink aria-hidden="true" size={13} />
            {host}
            <span className="sr-only"> (original link, opens in a new tab)</span>
          </a>
        ) : null}
      </h2>
      {snippetHtml ? (
        <p className="post-card-excerpt search-highlight" data-snippet>
          {snippetHtml}
        </p>
      ) : post.excerpt ? (
        <p className="post-card-excerpt">{post.excerpt}</p>
      ) : null}
      <TagLinks tags={post.tags} />
      <footer className="post-card-footer">
        <div className="byline">
          <Avatar user={post.author} size={24} />
          <Link className="byline-name" to={paths.user(post.author.name)}>
            {displayName(post.author)}
          </Link>
          {authorAction}
          <span aria-hidden="true">·</span>
          <TimeAgo iso={post.created_at} />
        </div>
        <div className="actions">
          {actions}
          <Link className="action" to={`${paths.post(post.id)}#comments`} data-action="comments">
            <MessageSquare aria-hidden="true" size={16} />
            <span data-count>{compactNumber(post.comment_count)}</span>
            <span className="sr-only"> comments</span>
          </Link>
          {menu}
        </div>
      </footer>
    </article>
  );
}
