//! Account flows that go through the mailbox: email confirmation (and its resend), forgotten
//! passwords, the "password changed" notice, and the rule that unconfirmed accounts may read
//! but not write. The single-use tokens are random, kept only as SHA-256, and made by the mail
//! job itself so they never sit in the job queue.

use chrono::{Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::EntityTrait;
use validator::Validate;

use super::dto::{
    ChangeEmailRequest, ConfirmEmailRequest, EmailChangePending, ForgotPasswordRequest,
    ResendConfirmationRequest, ResetPasswordRequest,
};
use super::password::{hash_password, verify_password};
use super::repo;
use crate::domain::ids::UserId;
use crate::effects::{Fact, Write};
use crate::entity::users;
use crate::error::{AppError, Result};
use crate::http::rate_limit::Action;
use crate::mail::MailKind;
use crate::session::AuthUser;
use crate::session::tokens::{hash_refresh_token, new_refresh_token};
use crate::state::AppState;
use crate::users::repo as users_repo;

const CONFIRM: &str = "confirm";
const RESET: &str = "reset";
const EMAIL_CHANGE: &str = "email";

/// Uses a confirmation token and marks the address confirmed.
#[tracing::instrument(skip_all)]
pub async fn confirm(state: &AppState, request: ConfirmEmailRequest) -> Result<()> {
    request.validate()?;
    let mut write = Write::begin(state).await?;
    let txn = write.conn();
    let account = account_of_token(txn, CONFIRM, &request.token).await?;
    if account.confirmed_at.is_none() {
        users::Entity::update(users::ActiveModel {
            id: Set(account.id),
            confirmed_at: Set(Some(Utc::now())),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(txn)
        .await?;
        write
            .record(Fact::MailOwed {
                user: UserId(account.id),
                mail: MailKind::Welcome,
                to: None,
            })
            .await?;
    }
    repo::consume_user_account_tokens(write.conn(), account.id, CONFIRM).await?;
    write
        .record(Fact::AccountChanged {
            user: UserId(account.id),
        })
        .await?;
    write.commit().await
}

/// Mails a new confirmation link: to the signed-in account, or to the account with `email`.
/// The answer is the same whether or not such an account exists or is already confirmed.
#[tracing::instrument(skip_all)]
pub async fn resend_confirmation(
    state: &AppState,
    user: Option<AuthUser>,
    request: ResendConfirmationRequest,
    ip: Option<String>,
) -> Result<()> {
    request.validate()?;
    let account = match (&user, &request.email) {
        (Some(user), _) => users_repo::find_by_id(&state.db.conn, user.id.get()).await?,
        (None, Some(email)) => {
            let email = email.trim().to_lowercase();
            state
                .rate_limiter
                .check(
                    state,
                    Action::ResendConfirmation,
                    ip.as_deref(),
                    Some(&email),
                )
                .await?;
            users_repo::find_by_email(&state.db.conn, &email).await?
        }
        (None, None) => {
            return Err(AppError::invalid_field(
                "validation_failed",
                "email",
                "is required when not signed in",
            ));
        }
    };
    if let Some(user) = &user {
        state
            .rate_limiter
            .check(
                state,
                Action::ResendConfirmation,
                ip.as_deref(),
                Some(&format!("#{}", user.id)),
            )
            .await?;
    }
    if let Some(account) = account.filter(|account| account.confirmed_at.is_none()) {
        enqueue_mail(state, account.id, MailKind::Confirm).await?;
    }
    Ok(())
}

/// Mails a reset link when an active account has this address; answers the same otherwise.
#[tracing::instrument(skip_all)]
pub async fn forgot_password(
    state: &AppState,
    request: ForgotPasswordRequest,
    ip: Option<String>,
) -> Result<()> {
    request.validate()?;
    let email = request.email.trim().to_lowercase();
    state
        .rate_limiter
        .check(state, Action::ForgotPassword, ip.as_deref(), Some(&email))
        .await?;
    let account = users_repo::find_by_email(&state.db.conn, &email).await?;
    // The same work whether or not the address is known (a job is queued either way; for no
    // account it names user 0, which the mail job skips), so timing tells nothing either.
    let user_id = account
        .filter(|account| account.active)
        .map_or(0, |account| account.id);
    enqueue_mail(state, user_id, MailKind::Reset).await?;
    Ok(())
}

/// Sets a new password with a reset token, signs out every session of the account and mails
/// "your password was changed". A working reset link also proves the address.
#[tracing::instrument(skip_all)]
pub async fn reset_password(state: &AppState, request: ResetPasswordRequest) -> Result<()> {
    request.validate()?;
    let new_hash = hash_password(request.password).await?;
    let mut write = Write::begin(state).await?;
    let txn = write.conn();
    let token = use_token(txn, RESET, &request.token).await?;
    let account = users_repo::find_by_id(txn, token.user_id)
        .await?
        .ok_or_else(invalid_token)?;
    let now = Utc::now();
    users::Entity::update(users::ActiveModel {
        id: Set(account.id),
        password_hash: Set(Some(new_hash)),
        confirmed_at: Set(Some(account.confirmed_at.unwrap_or(now))),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    repo::consume_user_account_tokens(txn, account.id, RESET).await?;
    let signed_out = repo::live_families(txn, account.id, None).await?;
    let revoked = repo::revoke_user_tokens(txn, account.id, None).await?;
    write
        .record(Fact::MailOwed {
            user: UserId(account.id),
            mail: MailKind::PasswordChanged,
            to: None,
        })
        .await?;
    write
        .record(Fact::AccountChanged {
            user: UserId(account.id),
        })
        .await?;
    write
        .record(Fact::SessionsRevoked {
            sessions: signed_out,
        })
        .await?;
    write.commit().await?;
    tracing::info!(user_id = account.id, revoked, "password reset");
    Ok(())
}

/// Starts an address change: checks the password, notes the new address as pending and mails
/// it a link; the account keeps its address until the link is opened (`confirm_email_change`).
#[tracing::instrument(skip_all, fields(user_id = %user.id))]
pub async fn request_email_change(
    state: &AppState,
    user: &AuthUser,
    request: ChangeEmailRequest,
    ip: Option<String>,
) -> Result<EmailChangePending> {
    request.validate()?;
    let email = request.email.to_lowercase();
    state
        .rate_limiter
        .check(
            state,
            Action::ChangeEmail,
            ip.as_deref(),
            Some(&format!("#{}", user.id)),
        )
        .await?;
    let account = users_repo::find_by_id(&state.db.conn, user.id.get())
        .await?
        .ok_or_else(|| AppError::unauthorized("invalid_token", "this account no longer exists"))?;
    if account.password_hash.is_none() {
        return Err(AppError::invalid_field(
            "password_required",
            "password",
            "set a password first (\"forgot password\" mails you a link), then change the address",
        ));
    }
    if !verify_password(request.password, account.password_hash.clone()).await? {
        return Err(AppError::invalid_field(
            "wrong_password",
            "password",
            "the password is wrong",
        ));
    }
    if email == account.email {
        return Err(AppError::invalid_field(
            "same_email",
            "email",
            "this is already your address",
        ));
    }
    if users_repo::find_by_email(&state.db.conn, &email)
        .await?
        .is_some()
    {
        return Err(AppError::conflict(
            "email_taken",
            "email",
            "another account uses this address",
        ));
    }
    let mut write = Write::begin(state).await?;
    let txn = write.conn();
    users::Entity::update(users::ActiveModel {
        id: Set(account.id),
        pending_email: Set(Some(email.clone())),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    // A link for an older pending address stops working.
    repo::consume_user_account_tokens(txn, account.id, EMAIL_CHANGE).await?;
    write
        .record(Fact::MailOwed {
            user: user.id,
            mail: MailKind::EmailChange,
            to: None,
        })
        .await?;
    write.commit().await?;
    Ok(EmailChangePending {
        status: "confirmation_sent".into(),
        email,
    })
}

/// Opens an address-change link: the pending address becomes the account's (confirmed, since
/// the link reached it), and the old address is told.
#[tracing::instrument(skip_all)]
pub async fn confirm_email_change(state: &AppState, request: ConfirmEmailRequest) -> Result<()> {
    request.validate()?;
    let mut write = Write::begin(state).await?;
    let txn = write.conn();
    let account = account_of_token(txn, EMAIL_CHANGE, &request.token).await?;
    let Some(new_email) = account.pending_email.clone() else {
        return Err(invalid_token());
    };
    let now = Utc::now();
    let changed = users::Entity::update(users::ActiveModel {
        id: Set(account.id),
        email: Set(new_email.clone()),
        pending_email: Set(None),
        confirmed_at: Set(Some(account.confirmed_at.unwrap_or(now))),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await;
    match changed {
        Ok(_) => {}
        // Taken by another account since the change was asked for.
        Err(error) if crate::db::is_unique_violation(&error) => {
            return Err(AppError::conflict(
                "email_taken",
                "email",
                "another account uses this address now",
            ));
        }
        Err(error) => return Err(error.into()),
    }
    write
        .record(Fact::MailOwed {
            user: UserId(account.id),
            mail: MailKind::EmailChanged,
            to: Some(account.email.clone()),
        })
        .await?;
    write
        .record(Fact::AccountChanged {
            user: UserId(account.id),
        })
        .await?;
    write.commit().await
}

/// Owes `user_id` a mail, in a write of its own.
pub async fn enqueue_mail(state: &AppState, user_id: i64, mail: MailKind) -> Result<()> {
    let mut write = Write::begin(state).await?;
    write
        .record(Fact::MailOwed {
            user: UserId(user_id),
            mail,
            to: None,
        })
        .await?;
    write.commit().await
}

/// The `SendMail` job: makes the link's token (for confirm, reset and a new address), renders,
/// sends — to the account's address, its pending new address (`EmailChange`), or `to`.
pub async fn send_mail(
    state: &AppState,
    user_id: UserId,
    kind: MailKind,
    to: Option<String>,
) -> anyhow::Result<()> {
    let user_id = user_id.get();
    let Some(account) = users_repo::find_by_id(&state.db.conn, user_id).await? else {
        return Ok(());
    };
    if kind == MailKind::Confirm && account.confirmed_at.is_some() {
        return Ok(());
    }
    let base = state.settings.public_url.trim_end_matches('/');
    let recipient = match (&to, kind) {
        (Some(to), _) => to.clone(),
        (None, MailKind::EmailChange) => match &account.pending_email {
            Some(pending) => pending.clone(),
            None => return Ok(()), // confirmed or replaced since the job was queued
        },
        (None, _) => account.email.clone(),
    };
    let link = match kind {
        MailKind::Confirm | MailKind::Reset | MailKind::EmailChange => {
            let (purpose, path, ttl) = match kind {
                MailKind::Confirm => (
                    CONFIRM,
                    "confirm-email",
                    state.settings.confirm_token_ttl_secs,
                ),
                MailKind::EmailChange => (
                    EMAIL_CHANGE,
                    "confirm-email-change",
                    state.settings.confirm_token_ttl_secs,
                ),
                _ => (RESET, "reset-password", state.settings.reset_token_ttl_secs),
            };
            let (token, token_hash) = new_refresh_token();
            let expires_at = Utc::now() + Duration::seconds(ttl.min(i64::MAX as u64) as i64);
            let txn = state.db.begin_write().await?;
            repo::insert_account_token(&*txn, account.id, purpose, token_hash, expires_at).await?;
            txn.commit().await?;
            format!("{base}/{path}?token={token}")
        }
        MailKind::PasswordChanged | MailKind::AccountExists | MailKind::EmailChanged => {
            format!("{base}/forgot-password")
        }
        MailKind::Welcome => format!("{base}/"),
        // Digests are the notifications job's (`notifications::mail`), never queued here.
        MailKind::Notifications => format!("{base}/notifications"),
    };
    let name = if account.nickname.trim().is_empty() {
        account.name.clone()
    } else {
        account.nickname.clone()
    };
    let rendered = state
        .mail
        .templates
        .render(kind, &[("name", &name), ("link", &link), ("site", base)]);
    state.mail.send(kind, &recipient, rendered).await?;
    if state.mail.is_outbox() {
        // Without SMTP the operator is the postman: this line is how a local user confirms.
        tracing::info!(user_id, kind = kind.stem(), %link, "mail link (file outbox)");
    }
    Ok(())
}

fn invalid_token() -> AppError {
    AppError::invalid_field(
        "invalid_token",
        "token",
        "this link is not valid; ask for a new one",
    )
}

/// The account a live token of `purpose` belongs to; the token is marked used.
async fn account_of_token(
    txn: &sea_orm::DatabaseTransaction,
    purpose: &str,
    token: &str,
) -> Result<users::Model> {
    let token = use_token(txn, purpose, token).await?;
    users_repo::find_by_id(txn, token.user_id)
        .await?
        .ok_or_else(invalid_token)
}

/// Finds a live token of `purpose` and marks it used, inside the caller's transaction.
async fn use_token(
    txn: &sea_orm::DatabaseTransaction,
    purpose: &str,
    token: &str,
) -> Result<crate::entity::account_tokens::Model> {
    let hash = hash_refresh_token(token.trim());
    let found = repo::find_account_token(txn, purpose, &hash)
        .await?
        .ok_or_else(invalid_token)?;
    if found.used_at.is_some() {
        return Err(AppError::invalid_field(
            "token_used",
            "token",
            "this link was already used",
        ));
    }
    if found.expires_at < Utc::now() {
        return Err(AppError::invalid_field(
            "token_expired",
            "token",
            "this link has expired; ask for a new one",
        ));
    }
    if !repo::consume_account_token(txn, found.id).await? {
        return Err(AppError::invalid_field(
            "token_used",
            "token",
            "this link was already used",
        ));
    }
    Ok(found)
}
