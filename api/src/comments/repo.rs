//! Comment rows.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entity::{TargetKind, comments};
use crate::pagination::PageRequest;

pub async fn find<C: ConnectionTrait>(conn: &C, id: i64) -> Result<Option<comments::Model>, DbErr> {
    comments::Entity::find_by_id(id).one(conn).await
}

/// Top-level comments of a post, oldest first, after the cursor (`limit + 1` rows).
pub async fn top_level_page<C: ConnectionTrait>(
    conn: &C,
    post_id: i64,
    page: PageRequest,
) -> Result<Vec<comments::Model>, DbErr> {
    let mut query = comments::Entity::find()
        .filter(comments::Column::TargetId.eq(post_id))
        .filter(comments::Column::TargetKind.eq(TargetKind::Post))
        .filter(comments::Column::RootId.eq(0));
    if let Some(after) = page.after {
        query = query.filter(comments::Column::Id.gt(after));
    }
    query
        .order_by_asc(comments::Column::Id)
        .limit(page.limit + 1)
        .all(conn)
        .await
}

/// Every reply in the given threads, oldest first.
pub async fn replies_in_threads<C: ConnectionTrait>(
    conn: &C,
    root_ids: &[i64],
) -> Result<Vec<comments::Model>, DbErr> {
    if root_ids.is_empty() {
        return Ok(Vec::new());
    }
    comments::Entity::find()
        .filter(comments::Column::RootId.is_in(root_ids.iter().copied()))
        .order_by_asc(comments::Column::Id)
        .all(conn)
        .await
}

pub async fn delete_many<C: ConnectionTrait>(conn: &C, ids: &[i64]) -> Result<u64, DbErr> {
    if ids.is_empty() {
        return Ok(0);
    }
    let result = comments::Entity::delete_many()
        .filter(comments::Column::Id.is_in(ids.iter().copied()))
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}
