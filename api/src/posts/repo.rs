//! Post rows.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

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
