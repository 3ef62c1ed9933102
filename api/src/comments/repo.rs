//! Comment rows.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

use crate::entity::{TargetKind, comments};
use crate::pagination::PageRequest;

pub async fn find<C: ConnectionTrait>(conn: &C, id: i64) -> Result<Option<comments::Model>, DbErr> {
    comments::Entity::find_by_id(id).one(conn).await
}

/// A comment row without its body (the body comes from the cache).
#[derive(Debug, Clone, FromQueryResult)]
pub struct CommentRow {
    pub id: i64,
    pub author_id: i64,
    pub target_id: i64,
    pub ref_id: i64,
    pub root_id: i64,
    pub like_count: i32,
    pub created_at: DateTime<Utc>,
}

impl From<&comments::Model> for CommentRow {
    fn from(comment: &comments::Model) -> Self {
        CommentRow {
            id: comment.id,
            author_id: comment.author_id,
            target_id: comment.target_id,
            ref_id: comment.ref_id,
            root_id: comment.root_id,
            like_count: comment.like_count,
            created_at: comment.created_at,
        }
    }
}

fn rows() -> Select<comments::Entity> {
    comments::Entity::find().select_only().columns([
        comments::Column::Id,
        comments::Column::AuthorId,
        comments::Column::TargetId,
        comments::Column::RefId,
        comments::Column::RootId,
        comments::Column::LikeCount,
        comments::Column::CreatedAt,
    ])
}

/// The markdown of many comments, in one query.
pub async fn contents<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<HashMap<i64, (String, Option<String>)>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, String, Option<String>)> = comments::Entity::find()
        .select_only()
        .columns([
            comments::Column::Id,
            comments::Column::Content,
            comments::Column::ContentHtml,
        ])
        .filter(comments::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, content, html)| (id, (content, html)))
        .collect())
}

/// Stores the rendered HTML of a comment written before HTML was stored (read repair).
pub async fn store_html<C: ConnectionTrait>(conn: &C, id: i64, html: &str) -> Result<(), DbErr> {
    comments::Entity::update_many()
        .col_expr(
            comments::Column::ContentHtml,
            sea_orm::sea_query::Expr::value(html),
        )
        .filter(comments::Column::Id.eq(id))
        .filter(comments::Column::ContentHtml.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Top-level comments of a post, oldest first, after the cursor (`limit + 1` rows).
pub async fn top_level_page<C: ConnectionTrait>(
    conn: &C,
    post_id: i64,
    page: PageRequest,
) -> Result<Vec<CommentRow>, DbErr> {
    let mut query = rows()
        .filter(comments::Column::TargetId.eq(post_id))
        .filter(comments::Column::TargetKind.eq(TargetKind::Post))
        .filter(comments::Column::RootId.eq(0));
    if let Some(after) = page.after {
        query = query.filter(comments::Column::Id.gt(after));
    }
    query
        .order_by_asc(comments::Column::Id)
        .limit(page.limit + 1)
        .into_model()
        .all(conn)
        .await
}

/// Every reply in the given threads, oldest first.
pub async fn replies_in_threads<C: ConnectionTrait>(
    conn: &C,
    root_ids: &[i64],
) -> Result<Vec<CommentRow>, DbErr> {
    if root_ids.is_empty() {
        return Ok(Vec::new());
    }
    rows()
        .filter(comments::Column::RootId.is_in(root_ids.iter().copied()))
        .order_by_asc(comments::Column::Id)
        .into_model()
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
