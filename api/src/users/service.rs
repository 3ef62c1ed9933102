//! Profile reads and edits.

use chrono::Utc;
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, EntityTrait};
use validator::Validate;

use std::collections::HashMap;

use super::dto::{Me, PublicUser, UpdateProfileRequest, UserProfile, UserStats};
use super::repo;
use crate::auth::AuthUser;
use crate::cache::counters::CounterSet;
use crate::cache::keys::{UserKey, UserStatsKey};
use crate::effects::{Fact, Write};
use crate::entity::users;
use crate::error::{AppError, Result};
use crate::follows::service as follows_service;
use crate::state::AppState;

pub async fn me_with<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<Me> {
    let user = repo::find_by_id(conn, user_id)
        .await?
        .ok_or_else(|| AppError::unauthorized("invalid_token", "this account no longer exists"))?;
    let stats = repo::stats(conn, user_id).await?;
    Ok(Me::new(user, stats.into()))
}

pub async fn me(state: &AppState, user: &AuthUser) -> Result<Me> {
    me_with(&state.db.conn, user.id).await
}

#[tracing::instrument(skip(state, request), fields(user_id = user.id))]
pub async fn update_me(
    state: &AppState,
    user: &AuthUser,
    request: UpdateProfileRequest,
) -> Result<Me> {
    request.validate()?;
    let mut changes = users::ActiveModel {
        id: Set(user.id),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    if let Some(nickname) = request.nickname {
        changes.nickname = Set(nickname.trim().to_string());
    }
    if let Some(bio) = request.bio {
        changes.bio = Set(bio.trim().to_string());
    }
    if let Some(website) = request.website {
        changes.website = Set(website.trim().to_string());
    }
    if let Some(company) = request.company {
        changes.company = Set(company.trim().to_string());
    }
    let mut write = Write::begin(state).await?;
    users::Entity::update(changes)
        .exec(write.conn())
        .await
        .map_err(|error| match error {
            sea_orm::DbErr::RecordNotUpdated => {
                AppError::unauthorized("invalid_token", "this account no longer exists")
            }
            other => other.into(),
        })?;
    write.record(Fact::AccountChanged { user: user.id }).await?;
    write.commit().await?;
    me(state, user).await
}

/// Resolves `/users/{key}`: digits are an id, anything else a name.
pub async fn find_by_key(state: &AppState, key: &str) -> Result<users::Model> {
    let user = match key.parse::<i64>() {
        Ok(id) => repo::find_by_id(&state.db.conn, id).await?,
        Err(_) => repo::find_by_name(&state.db.conn, key).await?,
    };
    user.ok_or(AppError::NotFound("user"))
}

pub async fn require_user(state: &AppState, id: i64) -> Result<users::Model> {
    repo::find_by_id(&state.db.conn, id)
        .await?
        .ok_or(AppError::NotFound("user"))
}

/// Public user rows by id, read through the cache.
pub async fn public_users(state: &AppState, ids: &[i64]) -> Result<HashMap<i64, PublicUser>> {
    let conn = &state.db.conn;
    state
        .cache
        .get_many_or_load(ids, UserKey, |missing| async move {
            let found = repo::find_many(conn, &missing).await?;
            Ok(found
                .into_iter()
                .map(|(id, user)| (id, PublicUser::from(user)))
                .collect())
        })
        .await
}

/// A user's follower/following/post counts, read through the cache.
pub async fn stats(state: &AppState, user_id: i64) -> Result<UserStats> {
    let conn = &state.db.conn;
    let from_redis = state
        .cache
        .counters(CounterSet::User, &[user_id], |missing| async move {
            let mut found = HashMap::new();
            for id in missing {
                if let Some(stats) = repo::stats(conn, id).await? {
                    let values = vec![
                        i64::from(stats.follower_count),
                        i64::from(stats.following_count),
                        i64::from(stats.post_count),
                    ];
                    found.insert(id, values);
                }
            }
            Ok(found)
        })
        .await;
    if let Some(counters) = from_redis {
        let values = counters.get(&user_id).cloned().unwrap_or_default();
        let value = |index: usize| values.get(index).copied().unwrap_or(0) as i32;
        return Ok(UserStats {
            follower_count: value(0),
            following_count: value(1),
            post_count: value(2),
        });
    }
    let stats = state
        .cache
        .get_or_load(&UserStatsKey(user_id), || async move {
            Ok(repo::stats(conn, user_id).await?)
        })
        .await?;
    Ok(stats.into())
}

pub async fn profile(state: &AppState, viewer: Option<i64>, key: &str) -> Result<UserProfile> {
    let id = match key.parse::<i64>() {
        Ok(id) => id,
        Err(_) => repo::find_id_by_name(&state.db.conn, key)
            .await?
            .ok_or(AppError::NotFound("user"))?,
    };
    let user = public_users(state, &[id])
        .await?
        .remove(&id)
        .ok_or(AppError::NotFound("user"))?;
    let stats = stats(state, user.id).await?;
    let followed = match viewer {
        Some(viewer) if viewer != user.id => {
            follows_service::is_following(state, viewer, user.id).await?
        }
        _ => false,
    };
    Ok(UserProfile {
        id: user.id,
        name: user.name,
        nickname: user.nickname,
        bio: user.bio,
        website: user.website,
        company: user.company,
        avatar_small: crate::avatars::small_url(&user.avatar),
        avatar: user.avatar,
        created_at: user.created_at,
        stats,
        followed,
    })
}
