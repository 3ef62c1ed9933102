//! Follow rows. There is deliberately no update function: a follow is created or deleted.

use std::collections::HashSet;

use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::db::insert_ignore;
use crate::entity::follows;
use crate::pagination::PageRequest;

/// True when the row was inserted, false when it already existed.
pub async fn insert<C: ConnectionTrait>(conn: &C, from_id: i64, to_id: i64) -> Result<bool, DbErr> {
    let inserted = insert_ignore(
        conn,
        "follows",
        &["from_id", "to_id", "created_at"],
        vec![from_id.into(), to_id.into(), Utc::now().into()],
    )
    .await?;
    Ok(inserted == 1)
}

/// True when a row was deleted.
pub async fn delete<C: ConnectionTrait>(conn: &C, from_id: i64, to_id: i64) -> Result<bool, DbErr> {
    let result = follows::Entity::delete_many()
        .filter(follows::Column::FromId.eq(from_id))
        .filter(follows::Column::ToId.eq(to_id))
        .exec(conn)
        .await?;
    Ok(result.rows_affected > 0)
}

pub async fn is_following<C: ConnectionTrait>(
    conn: &C,
    from_id: i64,
    to_id: i64,
) -> Result<bool, DbErr> {
    let count = follows::Entity::find()
        .filter(follows::Column::FromId.eq(from_id))
        .filter(follows::Column::ToId.eq(to_id))
        .count(conn)
        .await?;
    Ok(count > 0)
}

/// Which of `candidates` the viewer follows, in one query.
pub async fn followed_among<C: ConnectionTrait>(
    conn: &C,
    viewer: i64,
    candidates: &[i64],
) -> Result<HashSet<i64>, DbErr> {
    if candidates.is_empty() {
        return Ok(HashSet::new());
    }
    let rows: Vec<i64> = follows::Entity::find()
        .select_only()
        .column(follows::Column::ToId)
        .filter(follows::Column::FromId.eq(viewer))
        .filter(follows::Column::ToId.is_in(candidates.iter().copied()))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Which side of the follow rows a list shows.
#[derive(Debug, Clone, Copy)]
pub enum Direction {
    /// People who follow the user.
    Followers,
    /// People the user follows.
    Following,
}

/// One page of follow rows, newest first, `limit + 1` rows to tell whether more exist.
pub async fn page<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    direction: Direction,
    page: PageRequest,
) -> Result<Vec<follows::Model>, DbErr> {
    let mut query = follows::Entity::find();
    query = match direction {
        Direction::Followers => query.filter(follows::Column::ToId.eq(user_id)),
        Direction::Following => query.filter(follows::Column::FromId.eq(user_id)),
    };
    if let Some(after) = page.after {
        query = query.filter(follows::Column::Id.lt(after));
    }
    query
        .order_by_desc(follows::Column::Id)
        .limit(page.limit + 1)
        .all(conn)
        .await
}
