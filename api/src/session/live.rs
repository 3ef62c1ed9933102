//! Whether the session behind an access token is still live: signing out, a password change
//! or refresh-token reuse revokes a session, and its access tokens stop working on the next
//! request rather than when they expire.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::domain::ids::UserId;
use crate::entity::refresh_tokens;
use crate::error::{AppError, Result};
use crate::read_model::keys::SessionLiveKey;
use crate::state::AppState;

/// Whether a session is live, read through the cache (its key is dropped in every process when
/// the session is revoked: `Fact::SessionsRevoked`).
pub async fn session_is_live(state: &AppState, session_id: &str) -> Result<bool> {
    let conn = &state.db.conn;
    let live = state
        .cache
        .get_or_load(&SessionLiveKey(session_id.to_string()), || async move {
            Ok(Some(live_in_database(conn, session_id).await?))
        })
        .await?;
    Ok(live.unwrap_or(false))
}

/// Whether the session `family_id` still has a live (unrevoked) refresh token: logout, reuse
/// detection and password changes revoke all of a family's tokens.
async fn live_in_database<C: ConnectionTrait>(conn: &C, family_id: &str) -> Result<bool, DbErr> {
    Ok(refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::FamilyId.eq(family_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .one(conn)
        .await?
        .is_some())
}

/// 403 `email_unconfirmed` for an account that has not confirmed its address yet, when the
/// settings ask for confirmation before writing.
pub async fn require_confirmed(state: &AppState, user_id: UserId) -> Result<()> {
    if !state.settings.require_confirmed_email {
        return Ok(());
    }
    match super::standing::of(state, user_id).await? {
        Some(standing) if !standing.confirmed => Err(AppError::forbidden(
            "email_unconfirmed",
            "confirm your email address first: follow the link we mailed you",
        )),
        _ => Ok(()),
    }
}
