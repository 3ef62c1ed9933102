//! Profile reads and edits.

use chrono::Utc;
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, EntityTrait};
use validator::Validate;

use super::dto::{Me, UpdateProfileRequest, UserProfile};
use super::repo;
use crate::domain::ids::UserId;
use crate::effects::{Fact, Write};
use crate::entity::users;
use crate::error::{AppError, Result};
use crate::read_model::queries::users as user_queries;
use crate::read_model::users::{is_following, resolve_user, stats};
use crate::session::AuthUser;
use crate::state::AppState;

pub async fn me_with<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<Me> {
    let user = repo::find_by_id(conn, user_id)
        .await?
        .ok_or_else(|| AppError::unauthorized("invalid_token", "this account no longer exists"))?;
    let stats = user_queries::stats(conn, user_id).await?;
    Ok(Me::new(user, stats.into()))
}

pub async fn me(state: &AppState, user: &AuthUser) -> Result<Me> {
    me_with(&state.db.conn, user.id.get()).await
}

#[tracing::instrument(skip(state, request), fields(user_id = %user.id))]
pub async fn update_me(
    state: &AppState,
    user: &AuthUser,
    request: UpdateProfileRequest,
) -> Result<Me> {
    request.validate()?;
    let mut changes = users::ActiveModel {
        id: Set(user.id.get()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    if let Some(nickname) = request.nickname {
        changes.nickname = Set(nickname);
    }
    if let Some(bio) = request.bio {
        changes.bio = Set(bio);
    }
    if let Some(website) = request.website {
        changes.website = Set(website);
    }
    if let Some(company) = request.company {
        changes.company = Set(company);
    }
    if let Some(public) = request.collects_public {
        changes.collects_public = Set(public);
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

pub async fn profile(state: &AppState, viewer: Option<UserId>, key: &str) -> Result<UserProfile> {
    let user = resolve_user(state, key).await?;
    let stats = stats(state, UserId(user.id)).await?;
    let followed = match viewer {
        Some(viewer) if viewer != user.id => is_following(state, viewer, UserId(user.id)).await?,
        _ => false,
    };
    Ok(UserProfile {
        id: user.id,
        name: user.name,
        nickname: user.nickname,
        bio: user.bio,
        website: user.website,
        company: user.company,
        avatar_small: crate::media::small_url(&user.avatar),
        avatar: user.avatar,
        created_at: user.created_at,
        stats,
        followed,
        collects_public: user.collects_public,
    })
}
