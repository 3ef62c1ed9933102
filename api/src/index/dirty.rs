//! The search index follows the database through `search_dirty`: a write marks its post in
//! its own transaction, and the first mark of a post records one `IndexPosts` job. However
//! many writes touch a post before the job runs, it is indexed once.

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::db::insert_ignore;
use crate::domain::ids::PostId;
use crate::entity::search_dirty;
use crate::jobs::{Job, outbox};

/// Marks a post's document as out of date, in the caller's transaction.
pub async fn mark<C: ConnectionTrait>(conn: &C, post_id: PostId) -> Result<(), DbErr> {
    let bumped = search_dirty::Entity::update_many()
        .col_expr(
            search_dirty::Column::Version,
            Expr::col(search_dirty::Column::Version).add(1),
        )
        .col_expr(search_dirty::Column::MarkedAt, Expr::value(Utc::now()))
        .filter(search_dirty::Column::PostId.eq(post_id))
        .exec(conn)
        .await?;
    if bumped.rows_affected > 0 {
        return Ok(()); // a job is already due for it
    }
    let inserted = insert_ignore(
        conn,
        "search_dirty",
        &["post_id", "version", "marked_at"],
        vec![post_id.into(), 0i64.into(), Utc::now().into()],
    )
    .await?;
    if inserted == 1 {
        outbox::record(conn, &Job::IndexPosts).await?;
    }
    Ok(())
}

/// The oldest marks, `(post id, version)`.
pub async fn pending<C: ConnectionTrait>(conn: &C, limit: u64) -> Result<Vec<(i64, i64)>, DbErr> {
    search_dirty::Entity::find()
        .select_only()
        .column(search_dirty::Column::PostId)
        .column(search_dirty::Column::Version)
        .order_by_asc(search_dirty::Column::MarkedAt)
        .limit(limit)
        .into_tuple()
        .all(conn)
        .await
}

/// Clears the marks that were indexed, unless marked again meanwhile.
pub async fn clear<C: ConnectionTrait>(conn: &C, marks: &[(i64, i64)]) -> Result<(), DbErr> {
    for (post_id, version) in marks {
        search_dirty::Entity::delete_many()
            .filter(search_dirty::Column::PostId.eq(*post_id))
            .filter(search_dirty::Column::Version.eq(*version))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// How many posts wait to be indexed.
pub async fn count<C: ConnectionTrait>(conn: &C) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    search_dirty::Entity::find().count(conn).await
}

/// Whether any mark is older than `before`.
pub async fn has_older_than<C: ConnectionTrait>(
    conn: &C,
    before: chrono::DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(search_dirty::Entity::find()
        .select_only()
        .column(search_dirty::Column::PostId)
        .filter(search_dirty::Column::MarkedAt.lt(before))
        .limit(1)
        .into_tuple::<i64>()
        .one(conn)
        .await?
        .is_some())
}
