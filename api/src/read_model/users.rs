//! User summaries and counts as every list shows them, read through the cache.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::queries::follows;
use super::queries::users as repo;
use crate::cache::counters::CounterSet;
use crate::domain::ids::UserId;
use crate::entity::{user_stats, users};
use crate::error::{AppError, Result};
use crate::media::small_url;
use crate::read_model::keys::{FollowEdgeKey, UserKey, UserNameKey, UserStatsKey};
use crate::state::AppState;

/// The few user fields shown next to a post or comment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserSummary {
    pub id: i64,
    pub name: String,
    pub nickname: String,
    /// URL of the 256×256 avatar ("" when the user has none).
    pub avatar: String,
    /// URL of the 64×64 avatar ("" when the user has none).
    pub avatar_small: String,
}

/// The public part of a user row: what the cache may hold (never the email or password hash).
/// `avatar_small` is derived from `avatar` when responses are built, so it is not stored here.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PublicUser {
    pub id: i64,
    pub name: String,
    pub nickname: String,
    pub bio: String,
    pub website: String,
    pub company: String,
    pub avatar: String,
    // Microseconds in the cache, not a string to parse on every read.
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub created_at: DateTime<Utc>,
    pub collects_public: bool,
}

impl From<users::Model> for PublicUser {
    fn from(user: users::Model) -> Self {
        PublicUser {
            id: user.id,
            name: user.name,
            nickname: user.nickname,
            bio: user.bio,
            website: user.website,
            company: user.company,
            avatar: user.avatar,
            created_at: user.created_at,
            collects_public: user.collects_public,
        }
    }
}

impl From<&PublicUser> for UserSummary {
    fn from(user: &PublicUser) -> Self {
        UserSummary {
            id: user.id,
            name: user.name.clone(),
            nickname: user.nickname.clone(),
            avatar: user.avatar.clone(),
            avatar_small: small_url(&user.avatar),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct UserStats {
    pub follower_count: i32,
    pub following_count: i32,
    pub post_count: i32,
}

impl From<Option<user_stats::Model>> for UserStats {
    fn from(stats: Option<user_stats::Model>) -> Self {
        stats
            .map(|stats| UserStats {
                follower_count: stats.follower_count,
                following_count: stats.following_count,
                post_count: stats.post_count,
            })
            .unwrap_or_default()
    }
}

/// Public user rows by id, read through the cache.
pub async fn public_users(state: &AppState, ids: &[i64]) -> Result<HashMap<i64, PublicUser>> {
    let conn = &state.db.conn;
    state
        .cache
        .get_many_or_load(
            ids,
            |id| UserKey(UserId(id)),
            |missing| async move {
                let found = repo::find_many(conn, &missing).await?;
                Ok(found
                    .into_iter()
                    .map(|(id, user)| (id, PublicUser::from(user)))
                    .collect())
            },
        )
        .await
}

/// A user's follower/following/post counts, read through the cache.
pub async fn stats(state: &AppState, user: UserId) -> Result<UserStats> {
    let user_id = user.get();
    let conn = &state.db.conn;
    let from_redis = state
        .counters
        .read(CounterSet::User, &[user_id], |missing| async move {
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
        .get_or_load(&UserStatsKey(user), || async move {
            Ok(repo::stats(conn, user_id).await?)
        })
        .await?;
    Ok(stats.into())
}

/// One user's summary, read through the cache (the placeholder if the row is gone).
pub async fn summary(state: &AppState, id: i64) -> Result<UserSummary> {
    Ok(public_users(state, &[id])
        .await?
        .get(&id)
        .map(UserSummary::from)
        .unwrap_or_else(|| deleted_user(id)))
}

/// Without foreign keys an author row can be gone; show a placeholder rather than fail the page.
/// The name people see: the nickname when there is one, else the account name.
pub fn display_name<'a>(name: &'a str, nickname: &'a str) -> &'a str {
    match nickname.trim() {
        "" => name,
        trimmed => trimmed,
    }
}

pub fn deleted_user(id: i64) -> UserSummary {
    UserSummary {
        id,
        name: "[deleted]".into(),
        nickname: String::new(),
        avatar: String::new(),
        avatar_small: String::new(),
    }
}

/// Whether `from` follows `to`, read through the cache.
pub async fn is_following(state: &AppState, from: UserId, to: UserId) -> Result<bool> {
    let conn = &state.db.conn;
    let followed = state
        .cache
        .get_or_load(&FollowEdgeKey { from, to }, || async move {
            Ok(Some(
                follows::is_following(conn, from.get(), to.get()).await?,
            ))
        })
        .await?;
    Ok(followed.unwrap_or(false))
}

/// The user a path key names: digits are an id, anything else a name. 404 when there is none.
pub async fn resolve_key(state: &AppState, key: &str) -> Result<UserId> {
    Ok(UserId(resolve_user(state, key).await?.id))
}

/// The public row of the user a path key names (read through the cache), as `resolve_key`.
pub async fn resolve_user(state: &AppState, key: &str) -> Result<PublicUser> {
    // Longer than any name or id: no query for it.
    if key.is_empty() || key.len() > 64 {
        return Err(AppError::NotFound("user"));
    }
    let id = match key.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        Ok(_) => None,
        Err(_) => {
            let conn = &state.db.conn;
            state
                .cache
                .get_or_load(&UserNameKey(key.to_string()), || async move {
                    Ok(repo::find_id_by_name(conn, key).await?)
                })
                .await?
        }
    };
    let Some(id) = id else {
        return Err(AppError::NotFound("user"));
    };
    public_users(state, &[id])
        .await?
        .remove(&id)
        .ok_or(AppError::NotFound("user"))
}

/// The existing accounts `markdown` mentions (`@name`), for linking and telling them.
pub async fn mentions_in<C: sea_orm::ConnectionTrait>(
    conn: &C,
    markdown: &str,
) -> Result<crate::content::mentions::Mentions> {
    let keys: Vec<String> = crate::content::mentions::candidates(markdown)
        .iter()
        .map(|name| crate::content::validation::name_key(name))
        .collect();
    let found = repo::find_by_name_keys(conn, keys).await?;
    Ok(crate::content::mentions::Mentions::new(found))
}

/// Up to `limit` active users whose name starts with `prefix` (any case), read through a
/// short-lived cache: what `@` autocomplete offers.
pub async fn with_name_prefix(
    state: &AppState,
    prefix: &str,
    limit: u64,
) -> Result<Vec<PublicUser>> {
    let conn = &state.db.conn;
    let key = super::keys::UserPrefixKey(prefix.to_lowercase());
    let lowered = key.0.clone();
    let mut users = state
        .cache
        .get_or_load(&key, || async move {
            let rows = repo::find_by_name_prefix(conn, &lowered, PREFIX_ROWS).await?;
            Ok(Some(
                rows.into_iter().map(PublicUser::from).collect::<Vec<_>>(),
            ))
        })
        .await?
        .unwrap_or_default();
    users.truncate(limit as usize);
    Ok(users)
}

/// Rows cached per prefix: the largest page asked for.
const PREFIX_ROWS: u64 = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_prefer_the_nickname() {
        assert_eq!(display_name("ann", "  Ann B. "), "Ann B.");
        assert_eq!(display_name("ann", "  "), "ann");
    }
}
