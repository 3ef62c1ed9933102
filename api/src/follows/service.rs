//! Follow and unfollow, idempotent and race-free, with both users' stats moved in the same
//! transaction; follower/following lists.

use super::dto::FollowState;
use super::repo::{self, Direction};
use crate::auth::AuthUser;
use crate::cache::CacheKey;
use crate::cache::counters::{CounterSet, OwedBumps};
use crate::cache::keys::{FollowEdgeKey, FollowPageKey, UserStatsKey};
use crate::db::retry_on_deadlock;
use crate::error::{AppError, Result};
use crate::feed::service::timelines_in_redis;
use crate::jobs::{Job, outbox};
use crate::pagination::{DEFAULT_LIMIT, Page, PageQuery, finish_page};
use crate::state::AppState;
use crate::users::dto::UserCard;
use crate::users::repo::{self as users_repo, StatColumn};
use crate::users::service::{public_users, require_user};

#[tracing::instrument(skip(state), fields(user_id = user.id))]
pub async fn follow(state: &AppState, user: &AuthUser, target_id: i64) -> Result<FollowState> {
    if target_id == user.id {
        return Err(AppError::invalid_field(
            "cannot_follow_self",
            "user_id",
            "you cannot follow yourself",
        ));
    }
    require_user(state, target_id).await?;
    retry_on_deadlock(|| change(state, user.id, target_id, true)).await
}

#[tracing::instrument(skip(state), fields(user_id = user.id))]
pub async fn unfollow(state: &AppState, user: &AuthUser, target_id: i64) -> Result<FollowState> {
    require_user(state, target_id).await?;
    retry_on_deadlock(|| change(state, user.id, target_id, false)).await
}

async fn change(state: &AppState, from_id: i64, to_id: i64, follow: bool) -> Result<FollowState> {
    let txn = state.db.begin_write().await?;
    let changed = if follow {
        repo::insert(&*txn, from_id, to_id).await?
    } else {
        repo::delete(&*txn, from_id, to_id).await?
    };
    if changed {
        let delta = if follow { 1 } else { -1 };
        // Lock the two stats rows in id order so opposite follows cannot deadlock.
        let mut bumps = [
            (from_id, StatColumn::Following),
            (to_id, StatColumn::Followers),
        ];
        bumps.sort_by_key(|(id, _)| *id);
        for (id, column) in bumps {
            users_repo::bump_stat(&*txn, id, column, delta).await?;
        }
    }
    let stats = users_repo::stats(&*txn, to_id).await?;
    if changed && timelines_in_redis(state) {
        let job = if follow {
            Job::BackfillTimeline {
                user_id: from_id,
                author_id: to_id,
            }
        } else {
            Job::RemoveAuthorFromTimeline {
                user_id: from_id,
                author_id: to_id,
            }
        };
        outbox::record(&*txn, &job).await?;
    }
    let owed = if changed {
        state
            .cache
            .owe_bumps(&[(CounterSet::User, from_id), (CounterSet::User, to_id)])
            .await
    } else {
        OwedBumps::default()
    };
    txn.commit().await?;
    if changed {
        state.jobs.wake();
        let delta = if follow { 1 } else { -1 };
        let edge = FollowEdgeKey {
            from: from_id,
            to: to_id,
        };
        let pages = [
            FollowPageKey {
                user: to_id,
                followers: true,
            },
            FollowPageKey {
                user: from_id,
                followers: false,
            },
        ];
        let mut keys = vec![edge.cache_key()];
        keys.extend(pages.iter().map(CacheKey::cache_key));
        state.cache.invalidate(&keys).await;
        user_counter_changed(state, &owed, from_id, "following", delta).await;
        user_counter_changed(state, &owed, to_id, "followers", delta).await;
    }
    Ok(FollowState {
        following: follow,
        follower_count: stats.map(|stats| stats.follower_count).unwrap_or(0),
    })
}

/// After a commit that moved a user's stats: increment the Redis hash, or (without Redis) drop
/// the cached stats row.
pub async fn user_counter_changed(
    state: &AppState,
    owed: &OwedBumps,
    user_id: i64,
    field: &'static str,
    delta: i64,
) {
    if state.cache.counters_in_redis() {
        state
            .cache
            .bump_counter(owed, CounterSet::User, user_id, field, delta)
            .await;
    } else {
        state
            .cache
            .invalidate(&[UserStatsKey(user_id).cache_key()])
            .await;
    }
}

/// Whether `from` follows `to`, read through the cache.
pub async fn is_following(state: &AppState, from: i64, to: i64) -> Result<bool> {
    let conn = &state.db.conn;
    let followed = state
        .cache
        .get_or_load(&FollowEdgeKey { from, to }, || async move {
            Ok(Some(repo::is_following(conn, from, to).await?))
        })
        .await?;
    Ok(followed.unwrap_or(false))
}

pub async fn list(
    state: &AppState,
    viewer: Option<i64>,
    user_id: i64,
    direction: Direction,
    query: &PageQuery,
) -> Result<Page<UserCard>> {
    let page = state.cursors.page(query)?;
    require_user(state, user_id).await?;
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
            user: user_id,
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
        Some(viewer) => repo::followed_among(conn, viewer, &ids).await?,
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
            avatar_small: crate::avatars::small_url(&user.avatar),
            bio: user.bio.clone(),
            followed: followed.contains(&user.id),
        })
        .collect();
    Ok(Page { items, next_cursor })
}
