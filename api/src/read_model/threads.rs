//! A post's comment thread as readers see it: a page of top-level comments, each with its
//! reply tree, bodies and authors from the cache and the caller's likes.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::html_repair::Render;
use super::queries::comments::{self as repo, CommentRow};
use super::users::{UserSummary, deleted_user, public_users};
use crate::db::pagination::{DEFAULT_LIMIT, Page, PageQuery, finish_page};
use crate::domain::ids::{CommentId, PostId, UserId};
use crate::error::{AppError, Result};
use crate::read_model::keys::{Body, CommentBodyKey, ThreadFirstPageKey};
use crate::read_model::standing;
use crate::state::AppState;

/// A comment with its replies, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct Comment {
    pub id: i64,
    pub post_id: i64,
    /// 0 for a comment on the post, else the comment replied to.
    pub ref_id: i64,
    pub author: UserSummary,
    pub content: String,
    pub content_html: String,
    pub like_count: i32,
    /// Whether the caller likes this comment.
    pub liked: bool,
    pub created_at: DateTime<Utc>,
    /// When the author last edited it.
    pub edited_at: Option<DateTime<Utc>>,
    /// A deleted comment that still has replies: it keeps its place in the thread, with the
    /// `[deleted]` author and no text.
    pub deleted: bool,
    /// Removed by a moderator: it keeps its place in the thread, with its replies, as
    /// `[removed]` — no text, except to its author and moderators.
    pub removed: bool,
    /// Why it was removed.
    pub removed_reason: Option<String>,
    #[schema(no_recursion)]
    pub replies: Vec<Comment>,
}

/// How a post's top-level comments are ordered; replies under each stay oldest first, so a
/// conversation reads in order.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CommentSort {
    /// Oldest first.
    #[default]
    Oldest,
    /// Newest first.
    Newest,
    /// Most liked first (then oldest); pages with the `next_cursor` of this ordering.
    Top,
}

impl CommentSort {
    pub const ALL: [CommentSort; 3] = [CommentSort::Oldest, CommentSort::Newest, CommentSort::Top];

    pub fn as_str(self) -> &'static str {
        match self {
            CommentSort::Oldest => "oldest",
            CommentSort::Newest => "newest",
            CommentSort::Top => "top",
        }
    }
}

/// The rows behind one page of a thread: its top-level comments (one more than the page when
/// more follow) and all their replies, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ThreadRows {
    pub top: Vec<CommentRow>,
    pub replies: Vec<CommentRow>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommentsQuery {
    /// `oldest` (default), `newest` or `top`.
    pub sort: Option<CommentSort>,
    /// `next_cursor` of the previous page, exactly as received (opaque, signed by the server;
    /// at most 200 characters); absent for the first page.
    #[param(max_length = 200)]
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// A comment as readers see it; a deleted one (kept for its replies) shows no author or text,
/// a removed one no text unless `sees_removed` (its author, moderators).
pub fn view(
    comment: CommentRow,
    author: UserSummary,
    liked: bool,
    body: Body,
    sees_removed: bool,
) -> Comment {
    let empty = || Body {
        content: String::new(),
        content_html: String::new(),
    };
    let (author, body) = if comment.deleted {
        // Who wrote a deleted comment is not shown, not even as an id.
        (deleted_user(0), empty())
    } else if comment.removed_reason.is_some() && !sees_removed {
        (author, empty())
    } else {
        (author, body)
    };
    Comment {
        id: comment.id,
        post_id: comment.target_id,
        // The API keeps the stored convention: 0 for a comment on the post.
        ref_id: repo::to_stored_ref(comment.parent),
        author,
        content_html: body.content_html,
        content: body.content,
        like_count: comment.like_count,
        liked,
        created_at: comment.created_at,
        edited_at: comment.edited_at,
        deleted: comment.deleted,
        removed: comment.removed_reason.is_some(),
        removed_reason: comment.removed_reason,
        replies: Vec::new(),
    }
}

/// A page of top-level comments in the asked order (oldest first by default), each with its
/// whole reply tree, oldest first. The rows of the first page at the default size come from the
/// cache (dropped by every write to the thread); other pages are two queries. Bodies, authors
/// and the caller's likes come from the cache.
pub async fn list(
    state: &AppState,
    viewer: Option<UserId>,
    post_id: PostId,
    query: &CommentsQuery,
) -> Result<Page<Comment>> {
    let raw_post_id = post_id.get();
    let conn = &state.db.conn;
    let sort = query.sort.unwrap_or_default();
    let post = super::cards::rows(state, &[raw_post_id])
        .await?
        .remove(&raw_post_id)
        .ok_or(AppError::NotFound("post"))?;
    if let Some(reason) = post.removed_reason.filter(|_| post.removed_at.is_some())
        && !standing::sees_removed(state, viewer, post.author_id).await?
    {
        return Err(AppError::Removed { reason });
    }
    let (top, replies, next_cursor) = if sort == CommentSort::Top {
        let (offset, limit) = state
            .cursors
            .offset_page(query.cursor.as_deref(), query.limit)?;
        let first = offset == 0 && limit == DEFAULT_LIMIT;
        let mut rows = thread_rows(state, post_id, sort, first, || async move {
            Ok(repo::top_level_by_likes(conn, raw_post_id, offset, limit + 1).await?)
        })
        .await?;
        let more = rows.top.len() as u64 > limit;
        rows.top.truncate(limit as usize);
        let next = state
            .cursors
            .next_offset(offset, limit, rows.top.len(), more);
        (rows.top, rows.replies, next)
    } else {
        let page = state.cursors.page(&PageQuery {
            cursor: query.cursor.clone(),
            limit: query.limit,
        })?;
        let newest_first = sort == CommentSort::Newest;
        let first = page.after.is_none() && page.limit == DEFAULT_LIMIT;
        let mut rows = thread_rows(state, post_id, sort, first, || async move {
            Ok(repo::top_level_page(conn, raw_post_id, newest_first, page).await?)
        })
        .await?;
        let next = finish_page(&state.cursors, &mut rows.top, page, |comment| comment.id);
        (rows.top, rows.replies, next)
    };
    // The rows hold one more top-level comment than the page shows, with its replies.
    let shown: HashSet<i64> = top.iter().map(|comment| comment.id).collect();
    let replies: Vec<CommentRow> = replies
        .into_iter()
        .filter(|reply| reply.root.is_some_and(|root| shown.contains(&root)))
        .collect();

    let all_ids: Vec<i64> = top
        .iter()
        .chain(replies.iter())
        .map(|comment| comment.id)
        .collect();
    let mut author_ids: Vec<i64> = top
        .iter()
        .chain(replies.iter())
        .map(|comment| comment.author_id)
        .collect();
    author_ids.sort_unstable();
    author_ids.dedup();
    let authors = public_users(state, &author_ids).await?;
    let mut bodies = bodies(state, &all_ids).await?;
    let liked: HashSet<i64> = match viewer {
        Some(viewer) => super::viewer::liked_comments(state, viewer, &all_ids).await?,
        None => HashSet::new(),
    };
    // Asked only when the page holds a removed comment not the viewer's own.
    let moderator = match viewer {
        Some(viewer)
            if top.iter().chain(replies.iter()).any(|comment| {
                comment.removed_reason.is_some() && comment.author_id != viewer.get()
            }) =>
        {
            standing::of_caller(state, viewer).await?.is_moderator()
        }
        _ => false,
    };
    let mut to_view = |comment: CommentRow| {
        let author = authors
            .get(&comment.author_id)
            .map(UserSummary::from)
            .unwrap_or_else(|| deleted_user(comment.author_id));
        let is_liked = liked.contains(&comment.id);
        // A comment deleted between the row query and the body lookup shows an empty body.
        let body = bodies.remove(&comment.id).unwrap_or_else(|| Body {
            content: String::new(),
            content_html: String::new(),
        });
        let sees_removed = moderator || viewer.is_some_and(|viewer| viewer == comment.author_id);
        view(comment, author, is_liked, body, sees_removed)
    };

    // Replies arrive oldest first, so every parent is seen before its children; attach bottom-up.
    let mut children: HashMap<i64, Vec<Comment>> = HashMap::new();
    let reply_views: Vec<Comment> = replies.into_iter().map(&mut to_view).collect();
    for reply in reply_views.into_iter().rev() {
        let mut reply = reply;
        if let Some(mut own) = children.remove(&reply.id) {
            own.reverse();
            reply.replies = own;
        }
        children.entry(reply.ref_id).or_default().push(reply);
    }
    let items = top
        .into_iter()
        .map(|comment| {
            let mut node = to_view(comment);
            if let Some(mut own) = children.remove(&node.id) {
                own.reverse();
                node.replies = own;
            }
            node
        })
        .collect();
    Ok(Page { items, next_cursor })
}

/// The rows of one page: from the cache for a thread's first page (`cacheable`), else from
/// `top_level` and the replies query.
async fn thread_rows<F, Fut>(
    state: &AppState,
    post: PostId,
    sort: CommentSort,
    cacheable: bool,
    top_level: F,
) -> Result<ThreadRows>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Vec<CommentRow>>>,
{
    let conn = &state.db.conn;
    let load = || async move {
        let top = top_level().await?;
        let root_ids: Vec<i64> = top.iter().map(|comment| comment.id).collect();
        let replies = repo::replies_in_threads(conn, &root_ids).await?;
        Ok(ThreadRows { top, replies })
    };
    if !cacheable {
        return load().await;
    }
    Ok(state
        .cache
        .get_or_load(&ThreadFirstPageKey { post, sort }, || async move {
            Ok(Some(load().await?))
        })
        .await?
        .unwrap_or(ThreadRows {
            top: Vec::new(),
            replies: Vec::new(),
        }))
}

/// Comment bodies by id, read through the cache (rendering and storing the HTML of rows from
/// before it was stored).
pub async fn bodies(state: &AppState, ids: &[i64]) -> Result<HashMap<i64, Body>> {
    let conn = &state.db.conn;
    state
        .cache
        .get_many_or_load(
            ids,
            |id| CommentBodyKey(CommentId(id)),
            |missing| async move {
                let contents = repo::contents(conn, &missing).await?;
                let mut bodies = HashMap::with_capacity(contents.len());
                for (id, (content, stored_html)) in contents {
                    let (body, rendered) = Body::of_row(content, stored_html).await;
                    if rendered {
                        // A row from before rendered HTML was stored: keep this render.
                        state.html_repairs.offer(Render::Comment {
                            id,
                            html: body.content_html.clone(),
                        });
                    }
                    bodies.insert(id, body);
                }
                Ok(bodies)
            },
        )
        .await
}
