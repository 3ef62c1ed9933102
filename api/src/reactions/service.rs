//! Reacting is idempotent: the row is inserted (or deleted) at most once however many
//! requests race, and the counter moves only when it was.

use super::dto::ReactionState;
use super::repo;
use crate::db::retry_on_deadlock;
use crate::domain::targets::{Reaction, Target};
use crate::effects::counts::reaction_count;
use crate::effects::{Fact, Write};
use crate::entity::TargetKind;
use crate::error::{AppError, Result};
use crate::session::AuthUser;
use crate::state::AppState;

#[tracing::instrument(skip(state), fields(user_id = %user.id))]
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
        let missing = || {
            AppError::NotFound(match target.kind {
                TargetKind::Post => "post",
                TargetKind::Comment => "comment",
            })
        };
        let mut write = Write::begin(state).await?;
        let changed = if active {
            repo::insert(write.conn(), reaction, user.id.get(), target).await?
        } else {
            repo::delete(write.conn(), reaction, user.id.get(), target).await?
        };
        // A row for a target that does not exist is rolled back with the rest: recording the
        // fact moves the counter, which finds no target.
        let count = if changed {
            write
                .record(Fact::Reacted {
                    user: user.id,
                    reaction,
                    target,
                    added: active,
                })
                .await?;
            write.reaction_count()
        } else {
            None
        };
        let count = match count {
            Some(count) => count,
            None => reaction_count(write.conn(), target, reaction)
                .await?
                .ok_or_else(missing)?,
        };
        write.commit().await?;
        Ok(ReactionState { active, count })
    })
    .await
}
