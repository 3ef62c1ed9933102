//! Comment rules: closed posts, replies stay in their post's thread, only the author edits, and
//! deleting a comment never takes other people's replies with it (a comment with replies stays
//! as a placeholder); the post's comment count follows.

use chrono::Utc;
use sea_orm::ActiveValue::Set;
use sea_orm::EntityTrait;
use validator::Validate;

use super::dto::{CreateCommentRequest, UpdateCommentRequest};
use super::repo;
use crate::content::markdown::render_html_off_thread_with_mentions;
use crate::domain::ids::{CommentId, PostId, UserId};
use crate::domain::targets::Reaction;
use crate::effects::{Fact, Write};
use crate::entity::{TargetKind, comments};
use crate::error::{AppError, Result};
use crate::reactions::repo as reactions_repo;
use crate::read_model::keys::Body;
use crate::read_model::queries::comments::{self as comment_queries, CommentRow};
use crate::read_model::queries::posts as post_queries;
use crate::read_model::queries::reactions::reacted_among;
use crate::read_model::threads::Comment;
use crate::read_model::threads::view;
use crate::read_model::users::{mentions_in, summary};
use crate::session::AuthUser;
use crate::state::AppState;

#[tracing::instrument(skip(state, request), fields(user_id = %user.id))]
pub async fn create(
    state: &AppState,
    user: &AuthUser,
    post_id: PostId,
    request: CreateCommentRequest,
) -> Result<Comment> {
    let post_id = post_id.get();
    request.validate()?;
    let parent_id = request.ref_id.and_then(comment_queries::stored_ref);
    let now = Utc::now();
    let mentions = mentions_in(&state.db.conn, &request.content).await?;
    let mentioned = UserId::all(&mentions.users_except(user.id.get()));
    // Rendered once, before the transaction and off the async workers.
    let content_html =
        render_html_off_thread_with_mentions(request.content.clone(), mentions).await;
    let mut write = Write::begin(state).await?;
    let txn = write.conn();
    let post = post_queries::find(txn, post_id)
        .await?
        .ok_or(AppError::NotFound("post"))?;
    if let Some(reason) = post
        .removed_reason
        .clone()
        .filter(|_| post.removed_at.is_some())
    {
        return Err(AppError::Removed { reason });
    }
    if !post.can_comment {
        return Err(match post.locked_reason {
            Some(reason) => AppError::forbidden(
                "comments_closed",
                format!("a moderator locked this post's comments: {reason}"),
            ),
            None => AppError::forbidden(
                "comments_closed",
                "the author has turned comments off for this post",
            ),
        });
    }
    let root = match parent_id {
        None => None,
        Some(parent_id) => match comment_queries::find(txn, parent_id).await? {
            Some(parent)
                if parent.target_id == post_id
                    && parent.target_kind == TargetKind::Post
                    && parent.deleted_at.is_none() =>
            {
                Some(CommentRow::from(&parent).thread())
            }
            _ => {
                return Err(AppError::invalid_field(
                    "invalid_ref_id",
                    "ref_id",
                    "there is no such comment on this post",
                ));
            }
        },
    };
    let inserted = comments::Entity::insert(comments::ActiveModel {
        author_id: Set(user.id.get()),
        target_id: Set(post_id),
        target_kind: Set(TargetKind::Post),
        ref_id: Set(comment_queries::to_stored_ref(parent_id)),
        root_id: Set(comment_queries::to_stored_ref(root)),
        content: Set(request.content),
        content_html: Set(Some(content_html.clone())),
        like_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    let comment = comment_queries::find(txn, inserted.last_insert_id)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("inserted comment vanished")))?;
    write
        .record(Fact::CommentAdded {
            post: PostId(post_id),
            comment: CommentId(comment.id),
        })
        .await?;
    write
        .record(Fact::Mentioned {
            by: user.id,
            post: PostId(post_id),
            comment: Some(CommentId(comment.id)),
            users: mentioned,
        })
        .await?;
    write.commit().await?;
    let author = summary(state, user.id.get()).await?;
    let row = CommentRow::from(&comment);
    let body = Body {
        content: comment.content,
        content_html,
    };
    Ok(view(row, author, false, body, true))
}

/// Replaces the text of the caller's own comment (not of a deleted one, nor on a post whose
/// comments are closed); it shows as edited from then on.
#[tracing::instrument(skip(state, request), fields(user_id = %user.id))]
pub async fn update(
    state: &AppState,
    user: &AuthUser,
    id: CommentId,
    request: UpdateCommentRequest,
) -> Result<Comment> {
    let id = id.get();
    request.validate()?;
    let mentions = mentions_in(&state.db.conn, &request.content).await?;
    let mentioned = UserId::all(&mentions.users_except(user.id.get()));
    let content_html =
        render_html_off_thread_with_mentions(request.content.clone(), mentions).await;
    let now = Utc::now();
    let mut write = Write::begin(state).await?;
    let txn = write.conn();
    let comment = comment_queries::find(txn, id)
        .await?
        .filter(|comment| comment.deleted_at.is_none())
        .ok_or(AppError::NotFound("comment"))?;
    if comment.author_id != user.id {
        return Err(AppError::forbidden(
            "not_allowed",
            "only the comment's author can edit it",
        ));
    }
    let post = post_queries::find(txn, comment.target_id).await?;
    if post.is_some_and(|post| !post.can_comment) {
        return Err(AppError::forbidden(
            "comments_closed",
            "comments are off for this post",
        ));
    }
    repo::replace_content(txn, id, request.content.clone(), content_html.clone(), now).await?;
    write
        .record(Fact::CommentEdited {
            comment: CommentId(id),
            post: PostId(comment.target_id),
        })
        .await?;
    write
        .record(Fact::Mentioned {
            by: user.id,
            post: PostId(comment.target_id),
            comment: Some(CommentId(id)),
            users: mentioned,
        })
        .await?;
    write.commit().await?;
    let author = summary(state, user.id.get()).await?;
    let mut row = CommentRow::from(&comment);
    row.edited_at = Some(now);
    let liked = reacted_among(
        &state.db.conn,
        Reaction::Like,
        user.id.get(),
        TargetKind::Comment,
        &[id],
    )
    .await?
    .contains(&id);
    let body = Body {
        content: request.content,
        content_html,
    };
    Ok(view(row, author, liked, body, true))
}

/// Deletes a comment; allowed to its author and to the author of the post it is on. A comment
/// with replies stays in its thread as an empty placeholder, so nobody else's reply is lost; one
/// without replies goes, and so do placeholders left with no replies by its going.
#[tracing::instrument(skip(state), fields(user_id = %user.id))]
pub async fn delete(state: &AppState, user: &AuthUser, id: CommentId) -> Result<()> {
    let id = id.get();
    let mut write = Write::begin(state).await?;
    let txn = write.conn();
    let comment = comment_queries::find(txn, id)
        .await?
        .filter(|comment| comment.deleted_at.is_none())
        .ok_or(AppError::NotFound("comment"))?;
    let post = post_queries::find(txn, comment.target_id).await?;
    let post_author = post.as_ref().map(|post| post.author_id);
    if comment.author_id != user.id && post_author != Some(user.id.get()) {
        return Err(AppError::forbidden(
            "not_allowed",
            "only the comment's author or the post's author can delete it",
        ));
    }
    let row = CommentRow::from(&comment);
    let root = row.thread();
    let mut thread = comment_queries::replies_in_threads(txn, &[root]).await?;
    if let Some(top) = comment_queries::find(txn, root).await? {
        thread.push(CommentRow::from(&top));
    }
    let has_replies = |id: i64, gone: &[i64]| {
        thread
            .iter()
            .any(|reply| reply.parent == Some(id) && !gone.contains(&reply.id))
    };
    reactions_repo::delete_for_targets(txn, Reaction::Like, TargetKind::Comment, &[id]).await?;
    let mut gone = Vec::new();
    if has_replies(id, &gone) {
        repo::make_placeholder(txn, id, Utc::now()).await?;
    } else {
        gone.push(id);
        // Placeholders above it that now have no replies left go too.
        let mut parent = row.parent;
        while let Some(above) = parent.and_then(|id| thread.iter().find(|c| c.id == id)) {
            if !above.deleted || has_replies(above.id, &gone) {
                break;
            }
            gone.push(above.id);
            parent = above.parent;
        }
        repo::delete_many(txn, &gone).await?;
    }
    let mut changed = gone;
    if !changed.contains(&id) {
        changed.push(id);
    }
    write
        .record(Fact::CommentsRemoved {
            comments: CommentId::all(&changed),
            // A comment a moderator removed stopped counting then.
            removed: u64::from(comment.removed_at.is_none()),
            post: post.map(|_| PostId(comment.target_id)),
        })
        .await?;
    write.commit().await
}
