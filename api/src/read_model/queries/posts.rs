//! Post rows by id.

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::db::pagination::PageRequest;
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

/// A post row as cards show it: no body (the body is cached apart, for the post's own page),
/// so a list decodes and copies only what it shows.
#[derive(Debug, Clone, sea_orm::FromQueryResult, serde::Serialize, serde::Deserialize)]
pub struct PostRow {
    pub id: i64,
    pub author_id: i64,
    pub title: String,
    pub orig_url: Option<String>,
    pub excerpt: String,
    pub can_comment: bool,
    pub like_count: i32,
    pub collect_count: i32,
    pub comment_count: i32,
    // Kept as microseconds in the cache: a string date is parsed on every read (it showed in
    // the profile of a warm card page).
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub created_at: chrono::DateTime<chrono::Utc>,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Set while a moderator has it removed: cards leave it out, its page shows the reason.
    #[serde(with = "chrono::serde::ts_microseconds_option")]
    pub removed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub removed_reason: Option<String>,
    /// Why a moderator locked its comments, while they are locked.
    pub locked_reason: Option<String>,
}

/// Card rows by id (missing ones skipped), without bodies.
pub async fn find_rows<C: ConnectionTrait>(conn: &C, ids: &[i64]) -> Result<Vec<PostRow>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    use posts::Column;
    posts::Entity::find()
        .select_only()
        .columns([
            Column::Id,
            Column::AuthorId,
            Column::Title,
            Column::OrigUrl,
            Column::Excerpt,
            Column::CanComment,
            Column::LikeCount,
            Column::CollectCount,
            Column::CommentCount,
            Column::CreatedAt,
            Column::UpdatedAt,
            Column::RemovedAt,
            Column::RemovedReason,
            Column::LockedReason,
        ])
        .filter(Column::Id.is_in(ids.iter().copied()))
        .into_model::<PostRow>()
        .all(conn)
        .await
}

/// Ids of the newest posts not removed, optionally by one author (`limit + 1` of them); the
/// rows come from the cache.
pub async fn page_ids<C: ConnectionTrait>(
    conn: &C,
    author_id: Option<i64>,
    page: PageRequest,
) -> Result<Vec<i64>, DbErr> {
    let mut query = posts::Entity::find()
        .select_only()
        .column(posts::Column::Id)
        .filter(posts::Column::RemovedAt.is_null());
    if let Some(author_id) = author_id {
        query = query.filter(posts::Column::AuthorId.eq(author_id));
    }
    if let Some(after) = page.after {
        query = query.filter(posts::Column::Id.lt(after));
    }
    query
        .order_by_desc(posts::Column::Id)
        .limit(page.limit + 1)
        .into_tuple()
        .all(conn)
        .await
}
