//! Post rows.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entity::posts;
use crate::pagination::PageRequest;

pub async fn find<C: ConnectionTrait>(conn: &C, id: i64) -> Result<Option<posts::Model>, DbErr> {
    posts::Entity::find_by_id(id).one(conn).await
}

/// Stores the rendered HTML of a post written before HTML was stored (read repair).
pub async fn store_html<C: ConnectionTrait>(conn: &C, id: i64, html: &str) -> Result<(), DbErr> {
    posts::Entity::update_many()
        .col_expr(posts::Column::ContentHtml, Expr::value(html))
        .filter(posts::Column::Id.eq(id))
        .filter(posts::Column::ContentHtml.is_null())
        .exec(conn)
        .await?;
    Ok(())
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

/// Ids of the newest posts, optionally by one author (`limit + 1` of them); the rows come from
/// the cache.
pub async fn page_ids<C: ConnectionTrait>(
    conn: &C,
    author_id: Option<i64>,
    page: PageRequest,
) -> Result<Vec<i64>, DbErr> {
    let mut query = posts::Entity::find()
        .select_only()
        .column(posts::Column::Id);
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
