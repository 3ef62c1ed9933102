//! Refresh-token rows and login tracking.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::entity::{account_tokens, refresh_tokens, users};

pub async fn insert_refresh_token<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    family_id: &str,
    token_hash: String,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    refresh_tokens::Entity::insert(refresh_tokens::ActiveModel {
        user_id: Set(user_id),
        family_id: Set(family_id.to_string()),
        token_hash: Set(token_hash),
        created_at: Set(Utc::now()),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

pub async fn find_refresh_token<C: ConnectionTrait>(
    conn: &C,
    token_hash: &str,
) -> Result<Option<refresh_tokens::Model>, DbErr> {
    refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(token_hash))
        .one(conn)
        .await
}

/// Marks one token used; false when another request used it first.
pub async fn consume_refresh_token<C: ConnectionTrait>(conn: &C, id: i64) -> Result<bool, DbErr> {
    let result = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_tokens::Column::Id.eq(id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn revoke_family<C: ConnectionTrait>(conn: &C, family_id: &str) -> Result<u64, DbErr> {
    let result = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_tokens::Column::FamilyId.eq(family_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// The sessions of a user that have a live refresh token, except `keep_family`.
pub async fn live_families<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    keep_family: Option<&str>,
) -> Result<Vec<String>, DbErr> {
    let mut query = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::UserId.eq(user_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null());
    if let Some(family) = keep_family {
        query = query.filter(refresh_tokens::Column::FamilyId.ne(family));
    }
    let mut families: Vec<String> = query
        .all(conn)
        .await?
        .into_iter()
        .map(|token| token.family_id)
        .collect();
    families.sort_unstable();
    families.dedup();
    Ok(families)
}

/// Revokes every live refresh token of a user except those of `keep_family`.
pub async fn revoke_user_tokens<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    keep_family: Option<&str>,
) -> Result<u64, DbErr> {
    let mut update = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_tokens::Column::UserId.eq(user_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null());
    if let Some(family) = keep_family {
        update = update.filter(refresh_tokens::Column::FamilyId.ne(family));
    }
    Ok(update.exec(conn).await?.rows_affected)
}

/// Moves "current" login to "last" and records this one, in one statement.
pub async fn track_login<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    ip: Option<String>,
) -> Result<(), DbErr> {
    users::Entity::update_many()
        .col_expr(
            users::Column::LastLoginAt,
            Expr::col(users::Column::CurrentLoginAt),
        )
        .col_expr(
            users::Column::LastLoginIp,
            Expr::col(users::Column::CurrentLoginIp),
        )
        .col_expr(users::Column::CurrentLoginAt, Expr::value(Utc::now()))
        .col_expr(users::Column::CurrentLoginIp, Expr::value(ip))
        .col_expr(
            users::Column::LoginCount,
            Expr::col(users::Column::LoginCount).add(1),
        )
        .filter(users::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn insert_account_token<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    purpose: &str,
    token_hash: String,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    account_tokens::Entity::insert(account_tokens::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose.to_string()),
        token_hash: Set(token_hash),
        created_at: Set(Utc::now()),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

pub async fn find_account_token<C: ConnectionTrait>(
    conn: &C,
    purpose: &str,
    token_hash: &str,
) -> Result<Option<account_tokens::Model>, DbErr> {
    account_tokens::Entity::find()
        .filter(account_tokens::Column::TokenHash.eq(token_hash))
        .filter(account_tokens::Column::Purpose.eq(purpose))
        .one(conn)
        .await
}

/// Marks a mailed token used; false when another request used it first.
pub async fn consume_account_token<C: ConnectionTrait>(conn: &C, id: i64) -> Result<bool, DbErr> {
    let result = account_tokens::Entity::update_many()
        .col_expr(account_tokens::Column::UsedAt, Expr::value(Utc::now()))
        .filter(account_tokens::Column::Id.eq(id))
        .filter(account_tokens::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Uses up every other live token of this purpose (a reset link stops working once another
/// one was used).
pub async fn consume_user_account_tokens<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    purpose: &str,
) -> Result<u64, DbErr> {
    let result = account_tokens::Entity::update_many()
        .col_expr(account_tokens::Column::UsedAt, Expr::value(Utc::now()))
        .filter(account_tokens::Column::UserId.eq(user_id))
        .filter(account_tokens::Column::Purpose.eq(purpose))
        .filter(account_tokens::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}
