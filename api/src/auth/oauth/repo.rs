//! Identity rows and in-flight authorization requests.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::providers::ExternalProfile;
use crate::entity::{oauth_states, user_identities};

pub struct NewState<'a> {
    pub state_hash: String,
    pub provider: &'a str,
    pub pkce_verifier: String,
    pub nonce: String,
    pub link_user_id: Option<i64>,
    pub return_to: String,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert_state<C: ConnectionTrait>(conn: &C, new: NewState<'_>) -> Result<(), DbErr> {
    oauth_states::Entity::insert(oauth_states::ActiveModel {
        state_hash: Set(new.state_hash),
        provider: Set(new.provider.to_string()),
        pkce_verifier: Set(new.pkce_verifier),
        nonce: Set(new.nonce),
        link_user_id: Set(new.link_user_id),
        return_to: Set(new.return_to),
        created_at: Set(Utc::now()),
        expires_at: Set(new.expires_at),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Finds and deletes the request in one go: a state works once, whichever process sees it.
pub async fn take_state<C: ConnectionTrait>(
    conn: &C,
    state_hash: &str,
) -> Result<Option<oauth_states::Model>, DbErr> {
    let Some(row) = oauth_states::Entity::find()
        .filter(oauth_states::Column::StateHash.eq(state_hash))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let deleted = oauth_states::Entity::delete_many()
        .filter(oauth_states::Column::Id.eq(row.id))
        .exec(conn)
        .await?;
    Ok((deleted.rows_affected == 1).then_some(row))
}

/// Requests nobody finished (the person closed the tab at the provider).
pub async fn delete_expired_states<C: ConnectionTrait>(conn: &C) -> Result<u64, DbErr> {
    Ok(oauth_states::Entity::delete_many()
        .filter(oauth_states::Column::ExpiresAt.lt(Utc::now()))
        .exec(conn)
        .await?
        .rows_affected)
}

pub async fn find_identity<C: ConnectionTrait>(
    conn: &C,
    provider: &str,
    subject: &str,
) -> Result<Option<user_identities::Model>, DbErr> {
    user_identities::Entity::find()
        .filter(user_identities::Column::Provider.eq(provider))
        .filter(user_identities::Column::Subject.eq(subject))
        .one(conn)
        .await
}

pub async fn insert_identity<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    provider: &str,
    profile: &ExternalProfile,
) -> Result<(), DbErr> {
    user_identities::Entity::insert(user_identities::ActiveModel {
        user_id: Set(user_id),
        provider: Set(provider.to_string()),
        subject: Set(profile.subject.clone()),
        login: Set(profile.login.chars().take(191).collect()),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

pub async fn update_identity_login<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    login: &str,
) -> Result<(), DbErr> {
    user_identities::Entity::update_many()
        .col_expr(
            user_identities::Column::Login,
            sea_orm::sea_query::Expr::value(login.chars().take(191).collect::<String>()),
        )
        .filter(user_identities::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn identities_of<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> Result<Vec<user_identities::Model>, DbErr> {
    user_identities::Entity::find()
        .filter(user_identities::Column::UserId.eq(user_id))
        .order_by_asc(user_identities::Column::Id)
        .all(conn)
        .await
}

pub async fn delete_identity<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    provider: &str,
) -> Result<bool, DbErr> {
    let deleted = user_identities::Entity::delete_many()
        .filter(user_identities::Column::UserId.eq(user_id))
        .filter(user_identities::Column::Provider.eq(provider))
        .exec(conn)
        .await?;
    Ok(deleted.rows_affected > 0)
}
