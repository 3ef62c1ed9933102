//! Reacting is idempotent: the row is inserted (or deleted) at most once however many
//! requests race, and the counter moves only when it was.

use super::dto::ReactionState;
use super::repo;
use super::target::{Reaction, Target};
use crate::auth::AuthUser;
use crate::cache::CacheKey;
use crate::cache::keys::PostRowKey;
use crate::db::retry_on_deadlock;
use crate::entity::TargetKind;
use crate::error::{AppError, Result};
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
        if !target.exists(&*txn).await? {
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
        }
        let count = target.count(&*txn, reaction).await?;
        txn.commit().await?;
        if changed && target.kind == TargetKind::Post {
            state
                .cache
                .invalidate(&[PostRowKey(target.id).cache_key()])
                .await;
        }
        Ok(ReactionState { active, count })
    })
    .await
}
