import { useQuery } from "@tanstack/react-query";
import { ExternalLink, Pencil, ShieldAlert } from "lucide-react";
import { useEffect, useRef } from "react";
import { Link, useLocation, useParams } from "react-router";
import { CollectPostButton } from "@/features/collect-post";
import { DeletePostButton } from "@/features/delete-post";
import { FollowButton } from "@/features/follow-user";
import { LikePostButton } from "@/features/like-post";
import { PostModerationActions } from "@/features/moderate-post";
import { ReportButton } from "@/features/report-content";
import { SharePostButton } from "@/features/share-post";
import { postQuery } from "@/entities/post";
import { canModerate, useViewer } from "@/entities/session";
import { toApiError, type ApiError } from "@/shared/api";
import { paths } from "@/shared/config";
import { displayName, fullDate, hostOf, pageMeta, useCodeBlocks, useDocumentTitle, usePageMeta } from "@/shared/lib";
import { Avatar, ErrorState, Loading, NotFound, TagLinks, TimeAgo } from "@/shared/ui";
import { CommentThread } from "@/widgets/comment-thread";

/**
 * What everyone but its author and moderators gets for a removed post (410 `removed`): that a
 * moderator removed it and why, no content. The reason is the moderator's, shown as written.
 */
function RemovedPost({ error }: { error: ApiError }) {
  useDocumentTitle("Removed post");
  const reason = error.detail("reason");
  return (
    <div className="layout-narrow center-text" data-removed-post="">
      <ShieldAlert className="removed-post-icon" aria-hidden="true" size={32} />
      <h1 className="page-title">This post was removed by a moderator.</h1>
      {reason ? (
        <p data-removed-reason="">
          <span className="muted">Reason:</span> {reason}
        </p>
      ) : null}
      <p className="muted">
        Every moderator&apos;s action is in the <Link to={paths.modlog}>moderation log</Link>.
      </p>
      <p>
        <Link className="btn btn-secondary" to={paths.home}>
          Back to the front page
        </Link>
      </p>
    </div>
  );
}

export function PostPage() {
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const post = useQuery({ ...postQuery(id), enabled: valid });
  const { me } = useViewer();
  const location = useLocation();
  useDocumentTitle(post.data?.title);
  usePageMeta(post.data ? pageMeta.post(post.data) : undefined);
  const contentRef = useRef<HTMLDivElement>(null);
  useCodeBlocks(contentRef, post.data?.content_html ?? "");

  // Links to `#comments` or `#comment-12` scroll once the content is there.
  const loaded = post.isSuccess;
  useEffect(() => {
    if (!loaded || !location.hash) return;
    document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, [loaded, location.hash]);

  if (!valid || (post.isError && toApiError(post.error).status === 404)) return <NotFound what="post" />;
  if (post.isPending) return <Loading label="Loading post…" />;
  if (post.isError && toApiError(post.error).status === 410) return <RemovedPost error={toApiError(post.error)} />;
  if (post.isError) return <ErrorState error={post.error} onRetry={() => void post.refetch()} />;

  const data = post.data;
  const isAuthor = me?.id === data.author.id;
  const moderator = canModerate(me);
  const host = hostOf(data.orig_url);
  return (
    <div className="layout-narrow">
      {data.removed ? (
        <div className="alert alert-error removed-banner" data-removed-banner="">
          <ShieldAlert aria-hidden="true" size={18} />
          <div>
            <p>
              <strong>Removed by a moderator: {data.removed.reason}</strong>
            </p>
            <p>
              Since <time dateTime={data.removed.removed_at}>{fullDate(data.removed.removed_at)}</time>.{" "}
              {isAuthor ? "Only you and the moderators see it." : "Only its author and the moderators see it."}
            </p>
          </div>
        </div>
      ) : null}
      <article
        className={`card post-detail${data.removed ? " post-detail-removed" : ""}`}
        data-post-id={data.id}
        aria-labelledby="post-title"
      >
        <header className="post-detail-head">
          <h1 id="post-title" className="post-detail-title">
            {data.title}
          </h1>
          {data.orig_url ? (
            <a className="orig-link" href={data.orig_url} target="_blank" rel="noopener noreferrer nofollow ugc">
              <ExternalLink aria-hidden="true" size={14} /> {host ?? data.orig_url}
              <span className="sr-only"> (original link, opens in a new tab)</span>
            </a>
          ) : null}
          <div className="byline">
            <Avatar user={data.author} size={32} />
            <Link className="byline-name" to={paths.user(data.author.name)}>
              {displayName(data.author)}
            </Link>
            {me && !isAuthor ? <FollowButton user={data.author} followed={data.author_followed} size="small" /> : null}
            <span aria-hidden="true">·</span>
            <TimeAgo iso={data.created_at} />
            {data.updated_at !== data.created_at ? (
              <span className="muted">
                (edited <TimeAgo iso={data.updated_at} />)
              </span>
            ) : null}
          </div>
          <TagLinks tags={data.tags} />
        </header>
        <div ref={contentRef} className="prose post-content" dangerouslySetInnerHTML={{ __html: data.content_html }} />
        <footer className="post-detail-actions">
          <div className="actions">
            <LikePostButton post={data} />
            <CollectPostButton post={data} />
            <SharePostButton post={data} />
            <ReportButton target={{ kind: "post", id: data.id }} authorId={data.author.id} subject="this post" />
          </div>
          {isAuthor ? (
            <div className="actions">
              <Link className="btn btn-ghost" to={paths.editPost(data.id)} data-action="edit-post">
                <Pencil aria-hidden="true" size={16} /> Edit
              </Link>
              <DeletePostButton postId={data.id} />
            </div>
          ) : null}
          {moderator ? <PostModerationActions post={data} /> : null}
        </footer>
      </article>
      <CommentThread post={data} />
    </div>
  );
}
