//! Public user rows and stats rows by id, and ids by name.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use crate::entity::{user_stats, users};

pub async fn find_many<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<HashMap<i64, users::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = users::Entity::find()
        .filter(users::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|user| (user.id, user)).collect())
}

pub async fn stats<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> Result<Option<user_stats::Model>, DbErr> {
    user_stats::Entity::find_by_id(user_id).one(conn).await
}

pub async fn find_id_by_name<C: ConnectionTrait>(
    conn: &C,
    name: &str,
) -> Result<Option<i64>, DbErr> {
    users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::Name.eq(name))
        .into_tuple()
        .one(conn)
        .await
}

/// Active accounts whose `name_key` is one of `keys`: (id, name).
pub async fn find_by_name_keys<C: ConnectionTrait>(
    conn: &C,
    keys: Vec<String>,
) -> Result<Vec<(i64, String)>, DbErr> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .column(users::Column::Name)
        .filter(users::Column::NameKey.is_in(keys))
        .filter(users::Column::Active.eq(true))
        .into_tuple()
        .all(conn)
        .await
}

/// Active accounts whose name starts with `prefix` (compared without case), shortest names
/// first, then alphabetical.
pub async fn find_by_name_prefix<C: ConnectionTrait>(
    conn: &C,
    prefix: &str,
    limit: u64,
) -> Result<Vec<users::Model>, DbErr> {
    use sea_orm::QueryOrder;
    use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
    let escaped: String = prefix
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '\\' | '%' | '_' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    users::Entity::find()
        .filter(
            Expr::expr(Func::lower(Expr::col(users::Column::Name)))
                .like(LikeExpr::new(format!("{escaped}%")).escape('\\')),
        )
        .filter(users::Column::Active.eq(true))
        .order_by_asc(Expr::expr(Func::char_length(Expr::col(
            users::Column::Name,
        ))))
        .order_by_asc(users::Column::Name)
        .limit(limit)
        .all(conn)
        .await
}
