//! User and user-stats queries.

use std::collections::HashMap;

use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use crate::entity::{user_stats, users};

pub async fn find_by_id<C: ConnectionTrait>(
    conn: &C,
    id: i64,
) -> Result<Option<users::Model>, DbErr> {
    users::Entity::find_by_id(id).one(conn).await
}

pub async fn find_by_name<C: ConnectionTrait>(
    conn: &C,
    name: &str,
) -> Result<Option<users::Model>, DbErr> {
    users::Entity::find()
        .filter(users::Column::Name.eq(name))
        .one(conn)
        .await
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

/// Whether a name that looks like `name` (same skeleton: case, width, look-alike letters) is
/// taken.
pub async fn name_taken<C: ConnectionTrait>(conn: &C, name: &str) -> Result<bool, DbErr> {
    Ok(users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::NameKey.eq(crate::validation::name_key(name)))
        .into_tuple::<i64>()
        .one(conn)
        .await?
        .is_some())
}

pub async fn find_by_email<C: ConnectionTrait>(
    conn: &C,
    email: &str,
) -> Result<Option<users::Model>, DbErr> {
    users::Entity::find()
        .filter(users::Column::Email.eq(email.to_lowercase()))
        .one(conn)
        .await
}

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

/// Which stats column a write moves.
#[derive(Debug, Clone, Copy)]
pub enum StatColumn {
    Followers,
    Following,
    Posts,
}

/// Adds `delta` to one counter of one user, in the caller's transaction.
pub async fn bump_stat<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    column: StatColumn,
    delta: i32,
) -> Result<(), DbErr> {
    let column = match column {
        StatColumn::Followers => user_stats::Column::FollowerCount,
        StatColumn::Following => user_stats::Column::FollowingCount,
        StatColumn::Posts => user_stats::Column::PostCount,
    };
    user_stats::Entity::update_many()
        .col_expr(column, Expr::col(column).add(delta))
        .filter(user_stats::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Inserts an active account and its zeroed stats row (in the caller's transaction); returns
/// the new id. A taken name or email surfaces as the database's unique violation.
pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    name: String,
    email: String,
    password_hash: Option<String>,
) -> Result<i64, DbErr> {
    let now = chrono::Utc::now();
    let inserted = users::Entity::insert(users::ActiveModel {
        name_key: Set(Some(crate::validation::name_key(&name))),
        name: Set(name),
        email: Set(email),
        password_hash: Set(password_hash),
        nickname: Set(String::new()),
        bio: Set(String::new()),
        website: Set(String::new()),
        company: Set(String::new()),
        avatar: Set(String::new()),
        active: Set(true),
        is_admin: Set(false),
        login_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    let user_id = inserted.last_insert_id;
    user_stats::Entity::insert(user_stats::ActiveModel {
        user_id: Set(user_id),
        follower_count: Set(0),
        following_count: Set(0),
        post_count: Set(0),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(user_id)
}
