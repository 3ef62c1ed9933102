//! Timeline queries on the relational database (the embedded default's timeline).

use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entity::{follows, posts};
use crate::pagination::PageRequest;

/// Ids of the newest posts by the authors `user_id` follows (`limit + 1` of them), through the
/// (author_id, id) index.
pub async fn followed_post_ids<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    page: PageRequest,
) -> Result<Vec<i64>, DbErr> {
    let followed = Query::select()
        .column(follows::Column::ToId)
        .from(follows::Entity)
        .and_where(Expr::col(follows::Column::FromId).eq(user_id))
        .to_owned();
    let mut query = posts::Entity::find()
        .select_only()
        .column(posts::Column::Id)
        .filter(posts::Column::AuthorId.in_subquery(followed));
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
