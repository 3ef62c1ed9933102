//! The tag names of posts.

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, StatementBuilder};

/// Tag names of many posts in one query, each post's tags in the order they were linked.
pub async fn names_for_posts<C: ConnectionTrait>(
    conn: &C,
    post_ids: &[i64],
) -> Result<HashMap<i64, Vec<String>>, DbErr> {
    if post_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let statement = Query::select()
        .column((Alias::new("post_tags"), Alias::new("post_id")))
        .column((Alias::new("tags"), Alias::new("name")))
        .from(Alias::new("post_tags"))
        .inner_join(
            Alias::new("tags"),
            Expr::col((Alias::new("tags"), Alias::new("id")))
                .equals((Alias::new("post_tags"), Alias::new("tag_id"))),
        )
        .and_where(
            Expr::col((Alias::new("post_tags"), Alias::new("post_id")))
                .is_in(post_ids.iter().copied()),
        )
        .order_by((Alias::new("post_tags"), Alias::new("id")), Order::Asc)
        .to_owned();
    let built = StatementBuilder::build(&statement, &conn.get_database_backend());
    let rows = PostTagName::find_by_statement(built).all(conn).await?;
    let mut names: HashMap<i64, Vec<String>> = HashMap::new();
    for row in rows {
        names.entry(row.post_id).or_default().push(row.name);
    }
    Ok(names)
}

#[derive(Debug, FromQueryResult)]
struct PostTagName {
    post_id: i64,
    name: String,
}
