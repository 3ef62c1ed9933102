//! Post rows.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::db::pagination::PageRequest;
use crate::entity::posts;

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
