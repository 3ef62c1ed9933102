//! The counter columns a write moves, in its transaction: reaction counts on posts and
//! comments, the per-user stats row, and the hot pool a post enters and leaves.

use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::cache::counters::UserCounter;
use crate::db::insert_ignore;
use crate::domain::ids::{PostId, UserId};
use crate::domain::targets::{Reaction, Target};
use crate::entity::{TargetKind, comments, hot_posts, posts, user_stats};
use crate::index::dirty as search_dirty;

/// Adds `delta` to `target`'s counter for `reaction`, in the caller's transaction: the only
/// place that maps a target to its table and counter column for a write.
/// Returns the counter's new value, `None` when the target does not exist (or is a deleted
/// comment's placeholder, which cannot be liked): one statement where the database can return
/// what it updated (the row stays locked until the commit, so the value is exact).
pub async fn bump_reaction_count<C: ConnectionTrait>(
    conn: &C,
    target: Target,
    reaction: Reaction,
    delta: i32,
) -> Result<Option<i32>, DbErr> {
    let (table, column, live) = match target.kind {
        TargetKind::Post => (
            "posts",
            match reaction {
                Reaction::Like => "like_count",
                Reaction::Collect => "collect_count",
            },
            None,
        ),
        TargetKind::Comment => ("comments", "like_count", Some("deleted_at")),
    };
    let mut update = Query::update();
    update
        .table(Alias::new(table))
        .value(Alias::new(column), Expr::col(Alias::new(column)).add(delta))
        .and_where(Expr::col(Alias::new("id")).eq(target.id));
    if let Some(deleted_at) = live {
        update.and_where(Expr::col(Alias::new(deleted_at)).is_null());
    }
    if conn.get_database_backend() == DatabaseBackend::MySql {
        // No RETURNING: update, then read the locked row.
        if conn.execute(&update).await?.rows_affected() == 0 {
            return Ok(None);
        }
        return reaction_count(conn, target, reaction).await;
    }
    update.returning_col(Alias::new(column));
    match conn.query_one(&update).await? {
        Some(row) => Ok(Some(row.try_get::<i32>("", column)?)),
        None => Ok(None),
    }
}

/// The stored counter for `reaction` (the source of truth kept by `bump`); `None` when the
/// target does not exist.
pub async fn reaction_count<C: ConnectionTrait>(
    conn: &C,
    target: Target,
    reaction: Reaction,
) -> Result<Option<i32>, DbErr> {
    let count: Option<i32> = match target.kind {
        TargetKind::Post => {
            let column = match reaction {
                Reaction::Like => posts::Column::LikeCount,
                Reaction::Collect => posts::Column::CollectCount,
            };
            posts::Entity::find_by_id(target.id)
                .select_only()
                .column(column)
                .into_tuple()
                .one(conn)
                .await?
        }
        TargetKind::Comment => {
            // A deleted comment's placeholder cannot be liked.
            comments::Entity::find_by_id(target.id)
                .filter(comments::Column::DeletedAt.is_null())
                .select_only()
                .column(comments::Column::LikeCount)
                .into_tuple()
                .one(conn)
                .await?
        }
    };
    Ok(count)
}

/// Adds `delta` to one counter of one user, in the caller's transaction.
pub async fn bump_user_count<C: ConnectionTrait>(
    conn: &C,
    user_id: UserId,
    counter: UserCounter,
    delta: i32,
) -> Result<(), DbErr> {
    let column = match counter {
        UserCounter::Followers => user_stats::Column::FollowerCount,
        UserCounter::Following => user_stats::Column::FollowingCount,
        UserCounter::Posts => user_stats::Column::PostCount,
    };
    user_stats::Entity::update_many()
        .col_expr(column, Expr::col(column).add(delta))
        .filter(user_stats::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Moves a post's comment count, in the caller's transaction.
pub async fn bump_comment_count<C: ConnectionTrait>(
    conn: &C,
    post_id: PostId,
    delta: i32,
) -> Result<(), DbErr> {
    posts::Entity::update_many()
        .col_expr(
            posts::Column::CommentCount,
            Expr::col(posts::Column::CommentCount).add(delta),
        )
        .filter(posts::Column::Id.eq(post_id))
        .exec(conn)
        .await?;
    // The comment count is part of the post's search document.
    search_dirty::mark(conn, post_id).await?;
    Ok(())
}

/// Puts a post into the hot pool and trims the pool to its `size` newest posts (the newest, so
/// a busy old post cannot hold its place). Returns whether the post was new to the pool.
pub async fn enter_hot_pool<C: ConnectionTrait>(
    conn: &C,
    post_id: PostId,
    size: u64,
) -> Result<bool, DbErr> {
    let inserted = insert_ignore(
        conn,
        "hot_posts",
        &["post_id", "entered_at"],
        vec![post_id.into(), Utc::now().into()],
    )
    .await?;
    let cutoff: Option<i64> = hot_posts::Entity::find()
        .select_only()
        .column(hot_posts::Column::PostId)
        .order_by_desc(hot_posts::Column::PostId)
        .offset(size)
        .limit(1)
        .into_tuple()
        .one(conn)
        .await?;
    if let Some(cutoff) = cutoff {
        hot_posts::Entity::delete_many()
            .filter(hot_posts::Column::PostId.lte(cutoff))
            .exec(conn)
            .await?;
    }
    Ok(inserted == 1)
}

pub async fn leave_hot_pool<C: ConnectionTrait>(conn: &C, post_id: PostId) -> Result<(), DbErr> {
    hot_posts::Entity::delete_by_id(post_id.get())
        .exec(conn)
        .await?;
    Ok(())
}

/// The post a comment is on (`None` once it is gone).
pub async fn post_of_comment<C: ConnectionTrait>(
    conn: &C,
    comment: crate::domain::ids::CommentId,
) -> Result<Option<PostId>, DbErr> {
    let post: Option<i64> = comments::Entity::find()
        .select_only()
        .column(comments::Column::TargetId)
        .filter(comments::Column::Id.eq(comment.get()))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(post.map(PostId))
}
