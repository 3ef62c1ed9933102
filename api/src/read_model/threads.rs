//! A post's comment thread as readers see it: a page of top-level comments, each with its
//! reply tree, bodies and authors from the cache and the caller's likes.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::queries::comments::{self as repo, CommentRow};
use super::queries::posts as posts_repo;
use super::queries::reactions::reacted_among;
use super::users::{UserSummary, deleted_user, public_users};
use crate::db::pagination::{Page, PageQuery, finish_page};
use crate::domain::ids::{CommentId, PostId, UserId};
use crate::domain::targets::Reaction;
use crate::entity::TargetKind;
use crate::error::{AppError, Result};
use crate::read_model::keys::{Body, CommentBodyKey};
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

/// A comment as readers see it; a deleted one (kept for its replies) shows no author or text.
pub fn view(comment: CommentRow, author: UserSummary, liked: bool, body: Body) -> Comment {
    let (author, body) = if comment.deleted {
        let empty = Body {
            content: String::new(),
            content_html: String::new(),
        };
        // Who wrote a deleted comment is not shown, not even as an id.
        (deleted_user(0), empty)
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
        replies: Vec::new(),
    }
}

async fn find_post(conn: &sea_orm::DatabaseConnection, post_id: i64) -> Result<()> {
    posts_repo::find(conn, post_id)
        .await?
        .ok_or(AppError::NotFound("post"))?;
    Ok(())
}

/// A page of top-level comments in the asked order (oldest first by default), each with its
/// whole reply tree, oldest first.
/// Rows and replies are two queries, the caller's likes a third; bodies and authors come from the
/// cache (one query each for what it misses).
pub async fn list(
    state: &AppState,
    viewer: Option<UserId>,
    post_id: PostId,
    query: &CommentsQuery,
) -> Result<Page<Comment>> {
    let (viewer, post_id) = (viewer.map(UserId::get), post_id.get());
    let conn = &state.db.conn;
    let sort = query.sort.unwrap_or_default();
    let (top, next_cursor) = if sort == CommentSort::Top {
        let (offset, limit) = state
            .cursors
            .offset_page(query.cursor.as_deref(), query.limit)?;
        find_post(conn, post_id).await?;
        let mut top = repo::top_level_by_likes(conn, post_id, offset, limit + 1).await?;
        let more = top.len() as u64 > limit;
        top.truncate(limit as usize);
        let next = state.cursors.next_offset(offset, limit, top.len(), more);
        (top, next)
    } else {
        let page = state.cursors.page(&PageQuery {
            cursor: query.cursor.clone(),
            limit: query.limit,
        })?;
        find_post(conn, post_id).await?;
        let newest_first = sort == CommentSort::Newest;
        let mut top = repo::top_level_page(conn, post_id, newest_first, page).await?;
        let next = finish_page(&state.cursors, &mut top, page, |comment| comment.id);
        (top, next)
    };
    let root_ids: Vec<i64> = top.iter().map(|comment| comment.id).collect();
    let replies = repo::replies_in_threads(conn, &root_ids).await?;

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
    let mut bodies = state
        .cache
        .get_many_or_load(
            &all_ids,
            |id| CommentBodyKey(CommentId(id)),
            |missing| async move {
                let contents = repo::contents(conn, &missing).await?;
                let mut bodies = HashMap::with_capacity(contents.len());
                for (id, (content, stored_html)) in contents {
                    let (body, rendered) = Body::of_row(content, stored_html).await;
                    if rendered {
                        // A row from before rendered HTML was stored: keep this render.
                        repo::store_html(conn, id, &body.content_html).await?;
                    }
                    bodies.insert(id, body);
                }
                Ok(bodies)
            },
        )
        .await?;
    let liked: HashSet<i64> = match viewer {
        Some(viewer) => {
            reacted_among(conn, Reaction::Like, viewer, TargetKind::Comment, &all_ids).await?
        }
        None => HashSet::new(),
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
        view(comment, author, is_liked, body)
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
