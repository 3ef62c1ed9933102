//! Reacting is idempotent: the row is inserted (or deleted) at most once however many
//! requests race, and the counter moves only when it was.

use super::dto::ReactionState;
use super::repo;
use super::target::{Reaction, Target};
use crate::auth::AuthUser;
use crate::cache::CacheKey;
use crate::cache::counters::{CounterSet, OwedBumps};
use crate::cache::keys::{HotPoolKey, PostRowKey};
use crate::db::retry_on_deadlock;
use crate::entity::TargetKind;
use crate::error::{AppError, Result};
use crate::feed::repo as feed_repo;
use crate::search::dirty as search_dirty;
use crate::state::AppState;

#[tracing::instrument(skip(state), fields(user_id = user.id))]
pub async fn set_reaction(
    state: &AppState,
    user: &AuthUser,
    reaction: Reaction,
    target: Target,
    active: bool,
) -> Result<ReactionState> {
    if !target.accepts(reaction) {
        return Err(AppError::bad_request(
            "unsupported_reaction",
            "only posts can be collected",
        ));
    }
    retry_on_deadlock(|| async {
        let txn = state.db.begin_write().await?;
        if target.count(&*txn, reaction).await?.is_none() {
            return Err(AppError::NotFound(match target.kind {
                TargetKind::Post => "post",
                TargetKind::Comment => "comment",
            }));
        }
        let changed = if active {
            repo::insert(&*txn, reaction, user.id, target).await?
        } else {
            repo::delete(&*txn, reaction, user.id, target).await?
        };
        if changed {
            target
                .bump(&*txn, reaction, if active { 1 } else { -1 })
                .await?;
            if target.kind == TargetKind::Post {
                // The post's like/collect count is part of its search document.
                search_dirty::mark(&*txn, target.id).await?;
            }
        }
        let count = target.count(&*txn, reaction).await?.unwrap_or(0);
        // The like that reaches the threshold puts the post into the hot pool, in the same
        // transaction, so the pool never misses a post whose like was committed.
        let entered_hot_pool = changed
            && active
            && reaction == Reaction::Like
            && target.kind == TargetKind::Post
            && i64::from(count) == state.settings.hot_like_threshold
            && feed_repo::enter_hot_pool(&*txn, target.id, state.settings.hot_pool_size).await?;
        let owed = if changed && target.kind == TargetKind::Post {
            state
                .cache
                .owe_bumps(&[(CounterSet::Post, target.id)])
                .await
        } else {
            OwedBumps::default()
        };
        txn.commit().await?;
        if changed {
            state.jobs.wake();
        }
        if entered_hot_pool {
            state.cache.invalidate(&[HotPoolKey.cache_key()]).await;
        }
        if changed && target.kind == TargetKind::Post {
            let delta = if active { 1 } else { -1 };
            post_counter_changed(state, &owed, target.id, reaction.counter_field(), delta).await;
        }
        Ok(ReactionState { active, count })
    })
    .await
}

/// After a commit that moved one of a post's counters: increment its Redis hash, or (without
/// Redis) drop the cached row that carries the counter.
pub async fn post_counter_changed(
    state: &AppState,
    owed: &OwedBumps,
    post_id: i64,
    field: &'static str,
    delta: i64,
) {
    if state.cache.counters_in_redis() {
        state
            .cache
            .bump_counter(owed, CounterSet::Post, post_id, field, delta)
            .await;
    } else {
        state
            .cache
            .invalidate(&[PostRowKey(post_id).cache_key()])
            .await;
    }
}
