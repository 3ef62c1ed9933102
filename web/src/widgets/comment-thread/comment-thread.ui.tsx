import { MessageSquareReply } from "lucide-react";
import { useRef, useState } from "react";
import { Link, useLocation } from "react-router";
import { CommentForm } from "@/features/comment-post";
import { DeleteCommentButton } from "@/features/delete-comment";
import { LikeCommentButton } from "@/features/like-comment";
import { useCommentThread } from "@/entities/comment";
import { useViewer } from "@/entities/session";
import type { Comment, Me, PostDetail } from "@/shared/api";
import { paths, signInPath } from "@/shared/config";
import { displayName, useCodeBlocks } from "@/shared/lib";
import { Avatar, EmptyState, ErrorState, LoadMore, Loading, TimeAgo } from "@/shared/ui";

type ThreadPost = Pick<PostDetail, "id" | "can_comment" | "comment_count" | "author">;

function CommentNode({ comment, post, me, depth }: { comment: Comment; post: ThreadPost; me: Me | undefined; depth: number }) {
  const [replying, setReplying] = useState(false);
  const canDelete = me && (me.id === comment.author.id || me.id === post.author.id);
  const headingId = `comment-${comment.id}-author`;
  const bodyRef = useRef<HTMLDivElement>(null);
  useCodeBlocks(bodyRef, comment.content_html);
  return (
    <li className="comment" id={`comment-${comment.id}`} data-comment-id={comment.id}>
      <article aria-labelledby={headingId}>
        <header className="comment-head">
          <Avatar user={comment.author} size={28} />
          <Link id={headingId} className="comment-author" to={paths.user(comment.author.name)}>
            {displayName(comment.author)}
          </Link>
          {comment.author.id === post.author.id ? <span className="badge">author</span> : null}
          <span aria-hidden="true">·</span>
          <TimeAgo iso={comment.created_at} />
        </header>
        <div ref={bodyRef} className="comment-body prose" dangerouslySetInnerHTML={{ __html: comment.content_html }} />
        <footer className="comment-actions">
          <LikeCommentButton comment={comment} />
          {me && post.can_comment ? (
            <button
              type="button"
              className="btn btn-ghost btn-small"
              aria-expanded={replying}
              data-action="reply"
              onClick={() => setReplying((open) => !open)}
            >
              <MessageSquareReply aria-hidden="true" size={14} /> Reply
            </button>
          ) : null}
          {canDelete ? <DeleteCommentButton commentId={comment.id} postId={post.id} /> : null}
        </footer>
        {replying ? (
          <CommentForm
            postId={post.id}
            replyTo={{ id: comment.id, authorName: displayName(comment.author) }}
            autoFocus
            onDone={() => setReplying(false)}
            onCancel={() => setReplying(false)}
          />
        ) : null}
      </article>
      {comment.replies?.length ? (
        <ol
          className={`comment-replies${depth >= 3 ? " comment-replies-flat" : ""}`}
          aria-label={`Replies to ${displayName(comment.author)}`}
        >
          {comment.replies.map((reply) => (
            <CommentNode key={reply.id} comment={reply} post={post} me={me} depth={depth + 1} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

export function CommentThread({ post }: { post: ThreadPost }) {
  const thread = useCommentThread(post.id);
  const { me, signedIn } = useViewer();
  const location = useLocation();
  let list;
  if (thread.isPending) list = <Loading label="Loading comments…" />;
  else if (thread.isError) list = <ErrorState error={thread.error} onRetry={thread.refetch} />;
  else if (!thread.items.length) list = <EmptyState title="No comments yet." />;
  else
    list = (
      <>
        <ol className="comment-tree">
          {thread.items.map((comment) => (
            <CommentNode key={comment.id} comment={comment} post={post} me={me} depth={0} />
          ))}
        </ol>
        <LoadMore
          hasMore={thread.hasMore}
          isLoadingMore={thread.isLoadingMore}
          onLoadMore={thread.loadMore}
          label="Load more comments"
        />
      </>
    );
  return (
    <section className="comments" id="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">
        Comments <span className="muted">({post.comment_count})</span>
      </h2>
      {!post.can_comment ? (
        <p className="muted">Comments are closed on this post.</p>
      ) : signedIn ? (
        <CommentForm postId={post.id} />
      ) : (
        <p className="muted">
          <Link to={signInPath(location.pathname + "#comments")}>Sign in</Link> to join the discussion.
        </p>
      )}
      {list}
    </section>
  );
}
