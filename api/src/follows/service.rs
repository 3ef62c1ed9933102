//! Follow and unfollow, idempotent and race-free, with both users' stats moved in the same
//! transaction; follower/following lists.

use super::dto::FollowState;
use super::repo::{self, Direction};
use crate::db::pagination::{DEFAULT_LIMIT, Page, PageQuery, finish_page};
use crate::db::retry_on_deadlock;
use crate::domain::ids::UserId;
use crate::effects::{Fact, Write};
use crate::error::{AppError, Result};
use crate::read_model::keys::FollowPageKey;
use crate::read_model::queries::follows as follow_queries;
use crate::read_model::queries::users as user_queries;
use crate::read_model::users::public_users;
use crate::session::AuthUser;
use crate::state::AppState;
use crate::users::dto::UserCard;

#[tracing::instrument(skip(state), fields(user_id = %user.id))]
pub async fn follow(state: &AppState, user: &AuthUser, target_id: UserId) -> Result<FollowState> {
    if target_id == user.id {
        return Err(AppError::invalid_field(
            "cannot_follow_self",
            "user_id",
            "you cannot follow yourself",
        ));
    }
    retry_on_deadlock(|| change(state, user.id, target_id, true)).await
}

#[tracing::instrument(skip(state), fields(user_id = %user.id))]
pub async fn unfollow(state: &AppState, user: &AuthUser, target_id: UserId) -> Result<FollowState> {
    retry_on_deadlock(|| change(state, user.id, target_id, false)).await
}

async fn change(
    state: &AppState,
    from_id: UserId,
    to_id: UserId,
    follow: bool,
) -> Result<FollowState> {
    let from_id = from_id.get();
    let to_id = to_id.get();
    let mut write = Write::begin(state).await?;
    let changed = if follow {
        repo::insert(write.conn(), from_id, to_id).await?
    } else {
        repo::delete(write.conn(), from_id, to_id).await?
    };
    if changed {
        write
            .record(Fact::Followed {
                from: UserId(from_id),
                to: UserId(to_id),
                following: follow,
            })
            .await?;
    }
    let stats = user_queries::stats(write.conn(), to_id).await?;
    write.commit().await?;
    Ok(FollowState {
        following: follow,
        follower_count: stats.map(|stats| stats.follower_count).unwrap_or(0),
    })
}

pub async fn list(
    state: &AppState,
    viewer: Option<UserId>,
    user_id: UserId,
    direction: Direction,
    query: &PageQuery,
) -> Result<Page<UserCard>> {
    let viewer = viewer.map(UserId::get);
    let user_id = user_id.get();
    let page = state.cursors.page(query)?;
    let conn = &state.db.conn;
    let load = || async move {
        let rows = repo::page(conn, user_id, direction, page).await?;
        Ok(rows
            .into_iter()
            .map(|row| match direction {
                Direction::Followers => (row.id, row.from_id),
                Direction::Following => (row.id, row.to_id),
            })
            .collect::<Vec<(i64, i64)>>())
    };
    // The first page at the default size is what profiles show; it is cached and dropped on
    // every follow or unfollow that changes it. Deeper pages go to the database.
    let mut rows = if page.after.is_none() && page.limit == DEFAULT_LIMIT {
        let key = FollowPageKey {
            user: UserId(user_id),
            followers: matches!(direction, Direction::Followers),
        };
        state
            .cache
            .get_or_load(&key, || async move { load().await.map(Some) })
            .await?
            .unwrap_or_default()
    } else {
        load().await?
    };
    let next_cursor = finish_page(&state.cursors, &mut rows, page, |(row_id, _)| *row_id);
    let ids: Vec<i64> = rows.iter().map(|(_, other)| *other).collect();
    let users = public_users(state, &ids).await?;
    let followed = match viewer {
        Some(viewer) => follow_queries::followed_among(conn, viewer, &ids).await?,
        None => Default::default(),
    };
    let items = ids
        .iter()
        .filter_map(|id| users.get(id))
        .map(|user| UserCard {
            id: user.id,
            name: user.name.clone(),
            nickname: user.nickname.clone(),
            avatar: user.avatar.clone(),
            avatar_small: crate::media::small_url(&user.avatar),
            bio: user.bio.clone(),
            followed: followed.contains(&user.id),
        })
        .collect();
    Ok(Page { items, next_cursor })
}
