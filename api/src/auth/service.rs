//! Account rules: registration, login, refresh-token rotation with reuse detection, logout,
//! password change.

use chrono::{Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::EntityTrait;
use validator::Validate;

use super::dto::{
    AuthResponse, ChangePasswordRequest, LoginRequest, RefreshRequest, RegisterRequest, Registered,
    RegistrationPending,
};
use super::flows;
use super::password::{hash_password, verify_password};
use super::repo;
use crate::db::is_unique_violation;
use crate::domain::ids::UserId;
use crate::effects::{Fact, Write};
use crate::entity::users;
use crate::error::{AppError, Result};
use crate::mail::MailKind;
use crate::session::AuthUser;
use crate::session::tokens::{hash_refresh_token, new_refresh_token};
use crate::state::AppState;
use crate::users::dto::Me;
use crate::users::{repo as users_repo, service as users_service};

#[tracing::instrument(skip(state, request), fields(name = %request.name))]
pub async fn register(state: &AppState, request: RegisterRequest) -> Result<Registered> {
    request.validate()?;
    let name = request.name.trim().to_string();
    let email = request.email.trim().to_lowercase();
    // Hashed before anything is looked up: both answers below cost the same.
    let password_hash = hash_password(request.password).await?;
    let confirm_first = state.settings.require_confirmed_email;
    let pending = || {
        Registered::Pending(RegistrationPending {
            status: "confirmation_sent".into(),
            email: email.clone(),
        })
    };
    if confirm_first {
        // Names are public (every profile shows one), addresses are not: a taken name is
        // said, a registered address is answered like a new one and its owner is mailed.
        if users_repo::name_taken(&state.db.conn, &name).await? {
            return Err(AppError::conflict(
                "name_taken",
                "name",
                "this name is taken",
            ));
        }
        if let Some(owner) = users_repo::find_by_email(&state.db.conn, &email).await? {
            flows::enqueue_mail(state, owner.id, MailKind::AccountExists).await?;
            return Ok(pending());
        }
    }
    let user_id = match insert_account(state, name, email.clone(), password_hash).await {
        Ok(user_id) => user_id,
        // The same address signing up twice at once: the loser's answer is the usual one.
        Err(AppError::Conflict {
            code: "email_taken",
            ..
        }) if confirm_first => return Ok(pending()),
        Err(other) => return Err(other),
    };
    if confirm_first {
        return Ok(pending());
    }
    Ok(Registered::SignedIn(Box::new(
        start_session(state, user_id).await?,
    )))
}

/// Creates an account for an operator's command (`create-admin`, the demo seed): the same
/// rules and confirmation mail as a sign-up, without a session. Returns the new id.
pub async fn create_account(state: &AppState, request: RegisterRequest) -> Result<i64> {
    request.validate()?;
    let password_hash = hash_password(request.password).await?;
    insert_account(
        state,
        request.name.trim().to_string(),
        request.email.trim().to_lowercase(),
        password_hash,
    )
    .await
}

/// Stores a new account with its confirmation mail queued, in one transaction.
async fn insert_account(
    state: &AppState,
    name: String,
    email: String,
    password_hash: String,
) -> Result<i64> {
    let mut write = Write::begin(state).await?;
    let user_id = users_repo::insert(write.conn(), name.clone(), email, Some(password_hash))
        .await
        .map_err(registration_conflict)?;
    write
        .record(Fact::MailOwed {
            user: UserId(user_id),
            mail: MailKind::Confirm,
            to: None,
        })
        .await?;
    write
        .record(Fact::AccountCreated {
            user: UserId(user_id),
            name,
        })
        .await?;
    write.commit().await?;
    Ok(user_id)
}

/// The unique indexes are the real guard against two sign-ups racing for one name or address.
fn registration_conflict(error: sea_orm::DbErr) -> AppError {
    if !is_unique_violation(&error) {
        return error.into();
    }
    if error.to_string().to_lowercase().contains("email") {
        AppError::conflict(
            "email_taken",
            "email",
            "an account with this email address exists",
        )
    } else {
        AppError::conflict("name_taken", "name", "this name is taken")
    }
}

#[tracing::instrument(skip(state, request))]
pub async fn login(
    state: &AppState,
    request: LoginRequest,
    ip: Option<String>,
) -> Result<AuthResponse> {
    request.validate()?;
    let login = request.login.trim();
    let user = if login.contains('@') {
        users_repo::find_by_email(&state.db.conn, login).await?
    } else {
        users_repo::find_by_name(&state.db.conn, login).await?
    };
    let stored_hash = user.as_ref().and_then(|user| user.password_hash.clone());
    let password_ok = verify_password(request.password, stored_hash).await?;
    let user = match user {
        Some(user) if password_ok => user,
        _ => {
            return Err(AppError::unauthorized(
                "invalid_credentials",
                "the name/email or password is wrong",
            ));
        }
    };
    if !user.active {
        return Err(AppError::forbidden(
            "account_disabled",
            "this account is disabled",
        ));
    }
    let txn = state.db.begin_write().await?;
    repo::track_login(&*txn, user.id, ip).await?;
    txn.commit().await?;
    start_session(state, user.id).await
}

/// Issues the first token pair of a new session (a new refresh-token family).
pub(crate) async fn start_session(state: &AppState, user_id: i64) -> Result<AuthResponse> {
    let family_id = uuid::Uuid::new_v4().to_string();
    let txn = state.db.begin_write().await?;
    let response = issue_tokens(state, &txn, user_id, &family_id).await?;
    txn.commit().await?;
    Ok(response)
}

async fn issue_tokens(
    state: &AppState,
    txn: &sea_orm::DatabaseTransaction,
    user_id: i64,
    family_id: &str,
) -> Result<AuthResponse> {
    let (refresh_token, refresh_hash) = new_refresh_token();
    let expires_at = Utc::now() + Duration::days(state.settings.refresh_token_ttl_days);
    repo::insert_refresh_token(txn, user_id, family_id, refresh_hash, expires_at).await?;
    let access_token = state.tokens.issue_access(user_id, family_id)?;
    let user: Me = users_service::me_with(txn, user_id).await?;
    Ok(AuthResponse {
        user,
        access_token,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: state.tokens.access_ttl_secs,
    })
}

/// Rotates a refresh token. Presenting one that was already used means it leaked (or the
/// client is confused): the whole family is revoked and the holder must sign in again.
#[tracing::instrument(skip_all)]
pub async fn refresh(state: &AppState, request: RefreshRequest) -> Result<AuthResponse> {
    request.validate()?;
    let hash = hash_refresh_token(request.refresh_token.trim());
    let mut write = Write::begin(state).await?;
    let txn = write.conn();
    let Some(token) = repo::find_refresh_token(txn, &hash).await? else {
        return Err(AppError::unauthorized(
            "invalid_refresh_token",
            "the refresh token is not valid",
        ));
    };
    if token.revoked_at.is_some() || !repo::consume_refresh_token(txn, token.id).await? {
        let revoked = repo::revoke_family(txn, &token.family_id).await?;
        write
            .record(Fact::SessionsRevoked {
                sessions: vec![token.family_id.clone()],
            })
            .await?;
        write.commit().await?;
        tracing::warn!(
            user_id = token.user_id,
            revoked,
            "refresh token reused; session revoked"
        );
        return Err(AppError::unauthorized(
            "refresh_token_reused",
            "this refresh token was already used; sign in again",
        ));
    }
    if token.expires_at < Utc::now() {
        return Err(AppError::unauthorized(
            "refresh_token_expired",
            "the refresh token has expired; sign in again",
        ));
    }
    let user = users_repo::find_by_id(txn, token.user_id).await?;
    if !user.is_some_and(|user| user.active) {
        return Err(AppError::forbidden(
            "account_disabled",
            "this account is disabled",
        ));
    }
    let response = issue_tokens(state, txn, token.user_id, &token.family_id).await?;
    write.commit().await?;
    Ok(response)
}

/// Ends the session the refresh token belongs to. Unknown tokens are ignored: the result the
/// caller wanted (that token no longer works) already holds.
pub async fn logout(state: &AppState, request: RefreshRequest) -> Result<()> {
    request.validate()?;
    let hash = hash_refresh_token(request.refresh_token.trim());
    let mut write = Write::begin(state).await?;
    if let Some(token) = repo::find_refresh_token(write.conn(), &hash).await? {
        repo::revoke_family(write.conn(), &token.family_id).await?;
        write
            .record(Fact::SessionsRevoked {
                sessions: vec![token.family_id],
            })
            .await?;
    }
    write.commit().await
}

/// Changes the password and signs out every other session of the account.
#[tracing::instrument(skip(state, request), fields(user_id = %user.id))]
pub async fn change_password(
    state: &AppState,
    user: &AuthUser,
    request: ChangePasswordRequest,
) -> Result<()> {
    request.validate()?;
    let account = users_repo::find_by_id(&state.db.conn, user.id.get())
        .await?
        .ok_or_else(|| AppError::unauthorized("invalid_token", "this account no longer exists"))?;
    if !verify_password(request.current_password, account.password_hash.clone()).await? {
        return Err(AppError::invalid_field(
            "wrong_password",
            "current_password",
            "the current password is wrong",
        ));
    }
    let new_hash = hash_password(request.new_password).await?;
    let mut write = Write::begin(state).await?;
    let txn = write.conn();
    users::Entity::update(users::ActiveModel {
        id: Set(user.id.get()),
        password_hash: Set(Some(new_hash)),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    let signed_out = repo::live_families(txn, user.id.get(), Some(&user.session_id)).await?;
    repo::revoke_user_tokens(txn, user.id.get(), Some(&user.session_id)).await?;
    write
        .record(Fact::MailOwed {
            user: user.id,
            mail: MailKind::PasswordChanged,
            to: None,
        })
        .await?;
    write
        .record(Fact::SessionsRevoked {
            sessions: signed_out,
        })
        .await?;
    write.commit().await
}
