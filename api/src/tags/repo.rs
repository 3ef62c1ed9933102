//! Tag rows and post–tag links.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::ExprTrait;
use sea_orm::sea_query::{Alias, Expr, Order, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, StatementBuilder,
};

use crate::db::insert_ignore;
use crate::db::pagination::PageRequest;
use crate::entity::{post_tags, posts, tags};

/// Returns the ids of `names`, creating missing tags. Concurrent creators of one tag both
/// succeed: the insert is a no-op for the loser and the select sees the winner's row.
pub async fn ensure<C: ConnectionTrait>(conn: &C, names: &[String]) -> Result<Vec<i64>, DbErr> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    // Always in the same order, so two writers lock the unique index entries alike.
    let mut sorted: Vec<&String> = names.iter().collect();
    sorted.sort();
    for name in sorted {
        insert_ignore(
            conn,
            "tags",
            &["name", "created_at"],
            vec![name.clone().into(), Utc::now().into()],
        )
        .await?;
    }
    let rows = tags::Entity::find()
        .filter(tags::Column::Name.is_in(names.iter().cloned()))
        .all(conn)
        .await?;
    let by_name: HashMap<String, i64> = rows.into_iter().map(|tag| (tag.name, tag.id)).collect();
    Ok(names
        .iter()
        .filter_map(|name| by_name.get(name).copied())
        .collect())
}

pub async fn find_by_name<C: ConnectionTrait>(
    conn: &C,
    name: &str,
) -> Result<Option<tags::Model>, DbErr> {
    tags::Entity::find()
        .filter(tags::Column::Name.eq(name.trim().to_lowercase()))
        .one(conn)
        .await
}

/// Makes the post's tags exactly `tag_ids`.
pub async fn set_post_tags<C: ConnectionTrait>(
    conn: &C,
    post_id: i64,
    tag_ids: &[i64],
) -> Result<(), DbErr> {
    let mut delete = post_tags::Entity::delete_many().filter(post_tags::Column::PostId.eq(post_id));
    if !tag_ids.is_empty() {
        delete = delete.filter(post_tags::Column::TagId.is_not_in(tag_ids.iter().copied()));
    }
    delete.exec(conn).await?;
    for tag_id in tag_ids {
        insert_ignore(
            conn,
            "post_tags",
            &["post_id", "tag_id", "created_at"],
            vec![post_id.into(), (*tag_id).into(), Utc::now().into()],
        )
        .await?;
    }
    Ok(())
}

pub async fn delete_post_links<C: ConnectionTrait>(conn: &C, post_id: i64) -> Result<(), DbErr> {
    post_tags::Entity::delete_many()
        .filter(post_tags::Column::PostId.eq(post_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Post ids carrying a tag, newest first (`limit + 1` of them), from the (tag_id, post_id) index.
pub async fn post_ids_page<C: ConnectionTrait>(
    conn: &C,
    tag_id: i64,
    author_id: Option<i64>,
    page: PageRequest,
) -> Result<Vec<i64>, DbErr> {
    let mut query = post_tags::Entity::find()
        .select_only()
        .column(post_tags::Column::PostId)
        .filter(post_tags::Column::TagId.eq(tag_id));
    // Filtered in the query, so a page is full whenever more posts match.
    if let Some(author_id) = author_id {
        query = query.filter(
            post_tags::Column::PostId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(posts::Column::Id)
                    .from(posts::Entity)
                    .and_where(posts::Column::AuthorId.eq(author_id))
                    .to_owned(),
            ),
        );
    }
    if let Some(after) = page.after {
        query = query.filter(post_tags::Column::PostId.lt(after));
    }
    query
        .order_by_desc(post_tags::Column::PostId)
        .limit(page.limit + 1)
        .into_tuple()
        .all(conn)
        .await
}

#[derive(Debug, FromQueryResult)]
pub struct TagCountRow {
    pub name: String,
    pub post_count: i64,
}

/// The most used tags with their post counts.
pub async fn counts<C: ConnectionTrait>(conn: &C, limit: u64) -> Result<Vec<TagCountRow>, DbErr> {
    let statement = Query::select()
        .column((Alias::new("tags"), Alias::new("name")))
        .expr_as(
            Expr::col((Alias::new("post_tags"), Alias::new("id"))).count(),
            Alias::new("post_count"),
        )
        .from(Alias::new("tags"))
        .inner_join(
            Alias::new("post_tags"),
            Expr::col((Alias::new("post_tags"), Alias::new("tag_id")))
                .equals((Alias::new("tags"), Alias::new("id"))),
        )
        .group_by_col((Alias::new("tags"), Alias::new("id")))
        .group_by_col((Alias::new("tags"), Alias::new("name")))
        .order_by_expr(Expr::col(Alias::new("post_count")), Order::Desc)
        .order_by((Alias::new("tags"), Alias::new("name")), Order::Asc)
        .limit(limit)
        .to_owned();
    let built = StatementBuilder::build(&statement, &conn.get_database_backend());
    TagCountRow::find_by_statement(built).all(conn).await
}
