//! Comment rules: closed posts, replies stay in their post's thread, deleting a comment takes its
//! replies with it, and the post's comment count follows.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sea_orm::ActiveValue::Set;
use sea_orm::EntityTrait;
use validator::Validate;

use super::dto::{Comment, CreateCommentRequest};
use super::repo::{self, CommentRow};
use crate::auth::AuthUser;
use crate::cache::keys::{Body, CommentBodyKey};
use crate::effects::{Fact, Write};
use crate::entity::{TargetKind, comments};
use crate::error::{AppError, Result};
use crate::pagination::{Page, PageQuery, finish_page};
use crate::posts::cards::deleted_user;
use crate::posts::repo as posts_repo;
use crate::reactions::repo as reactions_repo;
use crate::reactions::target::Reaction;
use crate::state::AppState;
use crate::users::dto::UserSummary;
use crate::users::service::public_users;

#[tracing::instrument(skip(state, request), fields(user_id = user.id))]
pub async fn create(
    state: &AppState,
    user: &AuthUser,
    post_id: i64,
    request: CreateCommentRequest,
) -> Result<Comment> {
    request.validate()?;
    let ref_id = request.ref_id.unwrap_or(0);
    let now = Utc::now();
    // Rendered once, before the transaction and off the async workers.
    let content_html = crate::markdown::render_html_off_thread(request.content.clone()).await;
    let mut write = Write::begin(state).await?;
    let txn = write.conn();
    let post = posts_repo::find(txn, post_id)
        .await?
        .ok_or(AppError::NotFound("post"))?;
    if !post.can_comment {
        return Err(AppError::forbidden(
            "comments_closed",
            "the author has turned comments off for this post",
        ));
    }
    let root_id = if ref_id == 0 {
        0
    } else {
        let parent = repo::find(txn, ref_id).await?;
        match parent {
            Some(parent)
                if parent.target_id == post_id && parent.target_kind == TargetKind::Post =>
            {
                if parent.root_id == 0 {
                    parent.id
                } else {
                    parent.root_id
                }
            }
            _ => {
                return Err(AppError::invalid_field(
                    "invalid_ref_id",
                    "ref_id",
                    "there is no such comment on this post",
                ));
            }
        }
    };
    let inserted = comments::Entity::insert(comments::ActiveModel {
        author_id: Set(user.id),
        target_id: Set(post_id),
        target_kind: Set(TargetKind::Post),
        ref_id: Set(ref_id),
        root_id: Set(root_id),
        content: Set(request.content),
        content_html: Set(Some(content_html.clone())),
        like_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    let comment = repo::find(txn, inserted.last_insert_id)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("inserted comment vanished")))?;
    write.record(Fact::CommentAdded { post: post_id }).await?;
    write.commit().await?;
    let author = public_users(state, &[user.id])
        .await?
        .get(&user.id)
        .map(UserSummary::from)
        .unwrap_or_else(|| deleted_user(user.id));
    let row = CommentRow::from(&comment);
    let body = Body {
        content: comment.content,
        content_html,
    };
    Ok(view(row, author, false, body))
}

fn view(comment: CommentRow, author: UserSummary, liked: bool, body: Body) -> Comment {
    Comment {
        id: comment.id,
        post_id: comment.target_id,
        ref_id: comment.ref_id,
        author,
        content_html: body.content_html,
        content: body.content,
        like_count: comment.like_count,
        liked,
        created_at: comment.created_at,
        replies: Vec::new(),
    }
}

/// A page of top-level comments, oldest first, each with its whole reply tree.
/// Rows and replies are two queries, the caller's likes a third; bodies and authors come from the
/// cache (one query each for what it misses).
pub async fn list(
    state: &AppState,
    viewer: Option<i64>,
    post_id: i64,
    query: &PageQuery,
) -> Result<Page<Comment>> {
    let page = state.cursors.page(query)?;
    let conn = &state.db.conn;
    posts_repo::find(conn, post_id)
        .await?
        .ok_or(AppError::NotFound("post"))?;
    let mut top = repo::top_level_page(conn, post_id, page).await?;
    let next_cursor = finish_page(&state.cursors, &mut top, page, |comment| comment.id);
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
        .get_many_or_load(&all_ids, CommentBodyKey, |missing| async move {
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
        })
        .await?;
    let liked: HashSet<i64> = match viewer {
        Some(viewer) => {
            reactions_repo::reacted_among(
                conn,
                Reaction::Like,
                viewer,
                TargetKind::Comment,
                &all_ids,
            )
            .await?
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

/// Deletes a comment and every reply below it. Allowed to the comment's author and to the
/// author of the post it is on.
#[tracing::instrument(skip(state), fields(user_id = user.id))]
pub async fn delete(state: &AppState, user: &AuthUser, id: i64) -> Result<()> {
    let mut write = Write::begin(state).await?;
    let txn = write.conn();
    let comment = repo::find(txn, id)
        .await?
        .ok_or(AppError::NotFound("comment"))?;
    let post = posts_repo::find(txn, comment.target_id).await?;
    let post_author = post.as_ref().map(|post| post.author_id);
    if comment.author_id != user.id && post_author != Some(user.id) {
        return Err(AppError::forbidden(
            "not_allowed",
            "only the comment's author or the post's author can delete it",
        ));
    }
    let root = if comment.root_id == 0 {
        comment.id
    } else {
        comment.root_id
    };
    let thread = repo::replies_in_threads(txn, &[root]).await?;
    let mut doomed = vec![comment.id];
    let mut frontier = vec![comment.id];
    while let Some(parent) = frontier.pop() {
        for reply in thread.iter().filter(|reply| reply.ref_id == parent) {
            doomed.push(reply.id);
            frontier.push(reply.id);
        }
    }
    reactions_repo::delete_for_targets(txn, Reaction::Like, TargetKind::Comment, &doomed).await?;
    let removed = repo::delete_many(txn, &doomed).await?;
    write
        .record(Fact::CommentsRemoved {
            comments: doomed,
            removed,
            post: post.map(|_| comment.target_id),
        })
        .await?;
    write.commit().await
}
