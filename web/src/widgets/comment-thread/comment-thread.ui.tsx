import { ChevronDown, ChevronRight, Lock, MessageSquareReply, Pencil, ShieldAlert } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation } from "react-router";
import { CommentForm } from "@/features/comment-post";
import { DeleteCommentButton } from "@/features/delete-comment";
import { EditCommentForm } from "@/features/edit-comment";
import { LikeCommentButton } from "@/features/like-comment";
import { MentionTextArea } from "@/features/mention-autocomplete";
import { ModerateCommentButton } from "@/features/moderate-comment";
import { ReportButton } from "@/features/report-content";
import { CommentSortSwitch, commentPath, commentSort, countReplies, sortCommentTree, useCommentThread } from "@/entities/comment";
import { canModerate, useViewer } from "@/entities/session";
import type { Comment, Me, PostDetail } from "@/shared/api";
import { paths, signInPath } from "@/shared/config";
import { displayName, fullDate, useCodeBlocks } from "@/shared/lib";
import { Avatar, EmptyState, ErrorState, LoadMore, Loading, TimeAgo } from "@/shared/ui";

type ThreadPost = Pick<PostDetail, "id" | "can_comment" | "comment_count" | "author"> &
  Partial<Pick<PostDetail, "locked_reason">>;

/** A permalink to a comment on a later page loads pages until it is found, at most this many. */
const PERMALINK_MAX_PAGES = 25;

type NodeContext = {
  post: ThreadPost;
  me: Me | undefined;
  /** The viewer moderates: removed comments show their text, and every comment its tools. */
  moderator: boolean;
  collapsed: ReadonlySet<number>;
  toggle: (id: number) => void;
  highlighted: number | null;
};

/** "(edited)" after the time, with when as its tooltip. */
function EditedMark({ iso }: { iso: string }) {
  return (
    <time className="comment-edited muted" dateTime={iso} title={`Edited ${fullDate(iso)}`} data-edited>
      (edited)
    </time>
  );
}

function CollapseToggle({ comment, label, context }: { comment: Comment; label: string; context: NodeContext }) {
  const isCollapsed = context.collapsed.has(comment.id);
  return (
    <button
      type="button"
      className="comment-toggle"
      aria-expanded={!isCollapsed}
      aria-label={`${isCollapsed ? "Expand" : "Collapse"} ${label}${countReplies(comment) ? " and its replies" : ""}`}
      data-action="toggle-comment"
      onClick={() => context.toggle(comment.id)}
    >
      {isCollapsed ? <ChevronRight aria-hidden="true" size={16} /> : <ChevronDown aria-hidden="true" size={16} />}
    </button>
  );
}

function HiddenReplies({ comment, context }: { comment: Comment; context: NodeContext }) {
  const hidden = context.collapsed.has(comment.id) ? countReplies(comment) : 0;
  return hidden ? (
    <span className="muted" data-hidden-replies>
      ({hidden} {hidden === 1 ? "reply" : "replies"} hidden)
    </span>
  ) : null;
}

function Replies({ comment, depth, label, context }: { comment: Comment; depth: number; label: string; context: NodeContext }) {
  if (context.collapsed.has(comment.id) || !comment.replies?.length) return null;
  return (
    <ol className={`comment-replies${depth >= 3 ? " comment-replies-flat" : ""}`} aria-label={label}>
      {comment.replies.map((reply) => (
        <CommentNode key={reply.id} comment={reply} depth={depth + 1} context={context} />
      ))}
    </ol>
  );
}

/**
 * A comment whose text is not shown: deleted (kept for its replies: no author, no text) or
 * removed by a moderator (to everyone but its author and moderators). A muted "[deleted]" or
 * "[removed]" line in its place, nothing to do with it but collapse, its replies beneath as they were.
 */
function PlaceholderCommentNode({
  comment,
  depth,
  context,
  mark,
}: {
  comment: Comment;
  depth: number;
  context: NodeContext;
  mark: "deleted" | "removed";
}) {
  const headingId = `comment-${comment.id}-author`;
  const isHighlighted = context.highlighted === comment.id;
  const isCollapsed = context.collapsed.has(comment.id);
  return (
    <li
      className={`comment comment-deleted${isHighlighted ? " comment-highlighted" : ""}${isCollapsed ? " comment-collapsed" : ""}`}
      id={`comment-${comment.id}`}
      data-comment-id={comment.id}
      data-deleted={mark === "deleted" || undefined}
      data-removed={mark === "removed" || undefined}
      data-collapsed={isCollapsed || undefined}
    >
      <article
        aria-labelledby={headingId}
        aria-current={isHighlighted ? "true" : undefined}
        tabIndex={isHighlighted ? -1 : undefined}
        data-comment-article
      >
        <header className="comment-head">
          <CollapseToggle comment={comment} label={`the ${mark} comment`} context={context} />
          <span id={headingId} className="comment-deleted-mark">
            [{mark}]
          </span>
          <HiddenReplies comment={comment} context={context} />
        </header>
      </article>
      <Replies comment={comment} depth={depth} label={`Replies to a ${mark} comment`} context={context} />
    </li>
  );
}

function CommentNode({ comment, depth, context }: { comment: Comment; depth: number; context: NodeContext }) {
  const { post, me, moderator, collapsed, highlighted } = context;
  const [replying, setReplying] = useState(false);
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  // Saved or cancelled, the editor goes: focus returns to the Edit button it came from.
  const closeEditor = () => {
    setEditing(false);
    window.requestAnimationFrame(() => editButton.current?.focus());
  };
  const headingId = `comment-${comment.id}-author`;
  const bodyRef = useRef<HTMLDivElement>(null);
  const isCollapsed = collapsed.has(comment.id);
  useCodeBlocks(bodyRef, isCollapsed || editing || comment.deleted ? "" : comment.content_html);
  const isMine = me?.id === comment.author.id;
  if (comment.deleted) return <PlaceholderCommentNode comment={comment} depth={depth} context={context} mark="deleted" />;
  // Others are sent no text for it; its author and moderators see it, marked as removed.
  const removed = comment.removed;
  if (removed && !isMine && !moderator) {
    return <PlaceholderCommentNode comment={comment} depth={depth} context={context} mark="removed" />;
  }
  const canDelete = me && (isMine || me.id === post.author.id);
  // The server refuses edits on a post whose comments are closed (and on a removed comment).
  const canEdit = isMine && post.can_comment && !removed;
  const isHighlighted = highlighted === comment.id;
  const author = displayName(comment.author);
  return (
    <li
      className={`comment${removed ? " comment-removed" : ""}${isHighlighted ? " comment-highlighted" : ""}${isCollapsed ? " comment-collapsed" : ""}`}
      id={`comment-${comment.id}`}
      data-comment-id={comment.id}
      data-removed={removed || undefined}
      data-collapsed={isCollapsed || undefined}
    >
      <article
        aria-labelledby={headingId}
        aria-current={isHighlighted ? "true" : undefined}
        tabIndex={isHighlighted ? -1 : undefined}
        data-comment-article
      >
        <header className="comment-head">
          <CollapseToggle comment={comment} label={`the comment by ${author}`} context={context} />
          <Avatar user={comment.author} size={28} />
          <Link id={headingId} className="comment-author" to={paths.user(comment.author.name)}>
            {author}
          </Link>
          {comment.author.id === post.author.id ? <span className="badge">author</span> : null}
          <span aria-hidden="true">·</span>
          <Link className="comment-permalink" to={paths.comment(post.id, comment.id)} data-action="permalink">
            <TimeAgo iso={comment.created_at} />
            <span className="sr-only"> (link to this comment)</span>
          </Link>
          {comment.edited_at ? <EditedMark iso={comment.edited_at} /> : null}
          <HiddenReplies comment={comment} context={context} />
        </header>
        {isCollapsed ? null : editing ? (
          <EditCommentForm comment={comment} onDone={closeEditor} onCancel={closeEditor} textArea={MentionTextArea} />
        ) : (
          <>
            {removed ? (
              <p className="comment-removed-note" data-removed-note="">
                <ShieldAlert aria-hidden="true" size={14} />
                <span>
                  Removed by a moderator{comment.removed_reason ? `: ${comment.removed_reason}` : "."}{" "}
                  <span className="muted">{isMine ? "Only you and moderators see it." : "Others see “[removed]”."}</span>
                </span>
              </p>
            ) : null}
            <div ref={bodyRef} className="comment-body prose" dangerouslySetInnerHTML={{ __html: comment.content_html }} />
            <footer className="comment-actions">
              <LikeCommentButton comment={comment} />
              {me && post.can_comment && !removed ? (
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
              {canEdit ? (
                <button
                  ref={editButton}
                  type="button"
                  className="btn btn-ghost btn-small"
                  data-action="edit-comment"
                  onClick={() => {
                    setReplying(false);
                    setEditing(true);
                  }}
                >
                  <Pencil aria-hidden="true" size={14} /> Edit
                </button>
              ) : null}
              {canDelete ? <DeleteCommentButton commentId={comment.id} postId={post.id} /> : null}
              {removed ? null : (
                <ReportButton
                  target={{ kind: "comment", id: comment.id }}
                  authorId={comment.author.id}
                  subject={`the comment by ${author}`}
                />
              )}
              {moderator && !isMine ? (
                <ModerateCommentButton
                  commentId={comment.id}
                  postId={post.id}
                  action={removed ? "restore" : "remove"}
                  authorName={author}
                />
              ) : null}
            </footer>
            {replying ? (
              <CommentForm
                postId={post.id}
                replyTo={{ id: comment.id, authorName: author }}
                autoFocus
                onDone={() => setReplying(false)}
                onCancel={() => setReplying(false)}
                textArea={MentionTextArea}
              />
            ) : null}
          </>
        )}
      </article>
      <Replies comment={comment} depth={depth} label={`Replies to ${author}`} context={context} />
    </li>
  );
}

/** The comment id in `#comment-12`, else null. */
export function permalinkTarget(hash: string): number | null {
  const match = /^#comment-(\d{1,15})$/.exec(hash);
  return match ? Number(match[1]) : null;
}

/**
 * Follows a `#comment-12` permalink: loads further pages until the comment is there (bounded),
 * opens any collapsed comment above it, then highlights it, scrolls it to the middle of the
 * screen and focuses it, once per target.
 */
function usePermalink(thread: ReturnType<typeof useCommentThread>, expand: (ids: number[]) => void): number | null {
  const target = permalinkTarget(useLocation().hash);
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const pagesLoaded = useRef(0);
  const refetchedFor = useRef<number | null>(null);
  const { items, isPending, isError, hasMore, isLoadingMore } = thread;
  // New functions each render: read through refs, so they do not re-run the effect by themselves.
  const loadMore = useRef(thread.loadMore);
  loadMore.current = thread.loadMore;
  const refetch = useRef(thread.refetch);
  refetch.current = thread.refetch;
  useEffect(() => {
    if (target === null || isPending || isError) return;
    const path = commentPath(items, target);
    if (path) {
      expand([...path, target]);
      setHighlighted(target);
    } else if (hasMore && !isLoadingMore && pagesLoaded.current < PERMALINK_MAX_PAGES) {
      pagesLoaded.current += 1;
      loadMore.current();
    } else if (!hasMore && refetchedFor.current !== target) {
      // Not in the thread as cached: it may be newer than it (a notification's link to a reply
      // just written). Ask again, once per target.
      refetchedFor.current = target;
      refetch.current();
    }
  }, [target, items, isPending, isError, hasMore, isLoadingMore, expand]);
  const scrolledTo = useRef<number | null>(null);
  useEffect(() => {
    if (highlighted === null || scrolledTo.current === highlighted) return;
    const element = document.querySelector<HTMLElement>(`#comment-${highlighted} > [data-comment-article]`);
    if (!element) return;
    scrolledTo.current = highlighted;
    element.scrollIntoView({ block: "center" });
    element.focus({ preventScroll: true });
  });
  return target === highlighted ? highlighted : null;
}

export function CommentThread({ post }: { post: ThreadPost }) {
  const sort = commentSort.use();
  const thread = useCommentThread(post.id, sort);
  const { me, signedIn } = useViewer();
  const location = useLocation();
  const sorted = useMemo(() => sortCommentTree(thread.items, sort), [thread.items, sort]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(() => new Set());
  const toggle = useCallback(
    (id: number) =>
      setCollapsed((previous) => {
        const next = new Set(previous);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const expand = useCallback(
    (ids: number[]) =>
      setCollapsed((previous) => {
        if (!ids.some((id) => previous.has(id))) return previous;
        const next = new Set(previous);
        for (const id of ids) next.delete(id);
        return next;
      }),
    [],
  );
  const highlighted = usePermalink(thread, expand);
  const context: NodeContext = { post, me, moderator: canModerate(me), collapsed, toggle, highlighted };

  let list;
  if (thread.isPending) list = <Loading label="Loading comments…" />;
  else if (thread.isError) list = <ErrorState error={thread.error} onRetry={thread.refetch} />;
  else if (!thread.items.length) list = <EmptyState title="No comments yet." />;
  else
    list = (
      <>
        <ol className="comment-tree" data-sort={sort}>
          {sorted.map((comment) => (
            <CommentNode key={comment.id} comment={comment} depth={0} context={context} />
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
      <div className="comments-head">
        <h2 id="comments-heading">
          Comments <span className="muted">({post.comment_count})</span>
        </h2>
        {thread.items.length > 1 ? <CommentSortSwitch /> : null}
      </div>
      {post.locked_reason ? (
        <p className="comments-locked" data-locked-note="">
          <Lock aria-hidden="true" size={16} />
          <span>Comments locked by a moderator: {post.locked_reason}</span>
        </p>
      ) : !post.can_comment ? (
        <p className="muted">Comments are closed on this post.</p>
      ) : signedIn ? (
        <CommentForm postId={post.id} textArea={MentionTextArea} />
      ) : (
        <p className="muted">
          <Link to={signInPath(location.pathname + "#comments")}>Sign in</Link> to join the discussion.
        </p>
      )}
      {list}
    </section>
  );
}
