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
