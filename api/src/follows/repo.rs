//! Follow rows. There is deliberately no update function: a follow is created or deleted.

use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::db::insert_ignore;
use crate::db::pagination::PageRequest;
use crate::entity::follows;

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
