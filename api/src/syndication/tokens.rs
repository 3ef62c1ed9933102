//! The private home-timeline feed's token: one per person, random, kept only as its SHA-256,
//! shown once when made, replaced by making a new one and revoked on request. Feed readers
//! cannot send an `Authorization` header, so the token is in the feed's URL — which is why it
//! opens nothing but that one read-only feed, and why request logs never record its path.

use chrono::Utc;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};

use crate::domain::ids::UserId;
use crate::error::Result;
use crate::session::tokens::{hash_refresh_token, new_refresh_token};
use crate::state::AppState;

fn table() -> Alias {
    Alias::new("feed_tokens")
}

/// Makes a new token for `user` (replacing any other) and returns it.
pub async fn issue(state: &AppState, user: UserId) -> Result<String> {
    let (token, hash) = new_refresh_token();
    let txn = state.db.begin_write().await?;
    delete_for(&*txn, user).await?;
    let insert = Query::insert()
        .into_table(table())
        .columns([
            Alias::new("user_id"),
            Alias::new("token_hash"),
            Alias::new("created_at"),
        ])
        .values_panic([user.get().into(), hash.into(), Utc::now().into()])
        .to_owned();
    txn.execute(&insert).await?;
    txn.commit().await?;
    Ok(token)
}

/// When `user`'s current token was made, if they have one.
pub async fn created_at(state: &AppState, user: UserId) -> Result<Option<chrono::DateTime<Utc>>> {
    let query = Query::select()
        .column(Alias::new("created_at"))
        .from(table())
        .and_where(Expr::col(Alias::new("user_id")).eq(user.get()))
        .to_owned();
    let row = state.db.conn.query_one(&query).await?;
    Ok(match row {
        Some(row) => Some(row.try_get::<chrono::DateTime<Utc>>("", "created_at")?),
        None => None,
    })
}

/// Revokes `user`'s token; whether there was one.
pub async fn revoke(state: &AppState, user: UserId) -> Result<bool> {
    Ok(delete_for(&state.db.conn, user).await? > 0)
}

/// The person a presented token belongs to. Tokens have a fixed shape, so anything else is
/// refused without a query.
pub async fn owner(state: &AppState, token: &str) -> Result<Option<UserId>> {
    if token.len() != 43
        || !token
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
    {
        return Ok(None);
    }
    let query = Query::select()
        .column(Alias::new("user_id"))
        .from(table())
        .and_where(Expr::col(Alias::new("token_hash")).eq(hash_refresh_token(token)))
        .to_owned();
    let row = state.db.conn.query_one(&query).await?;
    Ok(match row {
        Some(row) => Some(UserId(row.try_get::<i64>("", "user_id")?)),
        None => None,
    })
}

async fn delete_for<C: ConnectionTrait>(conn: &C, user: UserId) -> Result<u64> {
    let statement = Query::delete()
        .from_table(table())
        .and_where(Expr::col(Alias::new("user_id")).eq(user.get()))
        .to_owned();
    Ok(conn.execute(&statement).await?.rows_affected())
}
