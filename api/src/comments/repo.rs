//! Comment writes: edits, placeholders and deletions (reads are in `read_model::queries`).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::entity::comments;

/// Empties a deleted comment that keeps its place for its replies.
pub async fn make_placeholder<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    comments::Entity::update_many()
        .col_expr(comments::Column::Content, Expr::value(""))
        .col_expr(comments::Column::ContentHtml, Expr::value(""))
        .col_expr(comments::Column::LikeCount, Expr::value(0))
        .col_expr(comments::Column::DeletedAt, Expr::value(now))
        .col_expr(comments::Column::UpdatedAt, Expr::value(now))
        .filter(comments::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Replaces a comment's text after its author edited it.
pub async fn replace_content<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    content: String,
    content_html: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    comments::Entity::update_many()
        .col_expr(comments::Column::Content, Expr::value(content))
        .col_expr(comments::Column::ContentHtml, Expr::value(content_html))
        .col_expr(comments::Column::EditedAt, Expr::value(now))
        .col_expr(comments::Column::UpdatedAt, Expr::value(now))
        .filter(comments::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
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
