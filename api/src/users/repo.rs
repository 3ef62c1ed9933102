//! User and user-stats queries.

use sea_orm::ActiveValue::Set;
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

/// Whether a name that looks like `name` (same skeleton: case, width, look-alike letters) is
/// taken.
pub async fn name_taken<C: ConnectionTrait>(conn: &C, name: &str) -> Result<bool, DbErr> {
    Ok(users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::NameKey.eq(crate::content::validation::name_key(name)))
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
        name_key: Set(Some(crate::content::validation::name_key(&name))),
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
