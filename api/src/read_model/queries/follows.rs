//! Follow edges as readers ask about them.

use std::collections::HashSet;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

use crate::entity::follows;

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
