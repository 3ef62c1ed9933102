//! Post rows by id.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::entity::posts;

pub async fn find<C: ConnectionTrait>(conn: &C, id: i64) -> Result<Option<posts::Model>, DbErr> {
    posts::Entity::find_by_id(id).one(conn).await
}

/// Posts by id, in the order of `ids` (missing ones skipped).
pub async fn find_ordered<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<Vec<posts::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = posts::Entity::find()
        .filter(posts::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    let mut by_id: HashMap<i64, posts::Model> =
        rows.into_iter().map(|post| (post.id, post)).collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}
