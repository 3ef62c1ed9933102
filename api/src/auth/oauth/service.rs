//! The sign-in rules: starting an authorization, finishing it (find, create or link the
//! account), the one-time code the web app trades for tokens, and unlinking.

use chrono::{Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::EntityTrait;
use validator::Validate;

use super::dto::{
    ExchangeOAuthCodeRequest, LinkedIdentities, LinkedIdentity, OAuthProvider, OAuthProviders,
};
use super::providers::{ExternalProfile, Provider, ProviderError, ProviderKind};
use super::repo::{self, NewState};
use crate::auth::dto::AuthResponse;
use crate::auth::repo as auth_repo;
use crate::auth::service::start_session;
use crate::db::is_unique_violation;
use crate::domain::ids::UserId;
use crate::effects::{Fact, Write};
use crate::entity::{oauth_states, users};
use crate::error::{AppError, Result};
use crate::session::tokens::{hash_refresh_token, new_refresh_token};
use crate::state::AppState;
use crate::users::repo as users_repo;

/// How long a started sign-in may take at the provider.
pub const STATE_TTL_SECS: i64 = 600;
/// How long the web app has to trade the callback's code for tokens.
const LOGIN_CODE_TTL_SECS: i64 = 120;
const LOGIN_CODE_PURPOSE: &str = "oauth_login";

pub fn providers(state: &AppState) -> OAuthProviders {
    OAuthProviders {
        providers: state
            .oauth
            .all()
            .iter()
            .map(|provider| OAuthProvider {
                id: provider.id.to_string(),
                name: provider.name.clone(),
                kind: match provider.kind {
                    ProviderKind::GitHub => "github".into(),
                    ProviderKind::Oidc => "oidc".into(),
                },
            })
            .collect(),
    }
}

pub fn provider<'a>(state: &'a AppState, id: &str) -> Result<&'a Provider> {
    state.oauth.get(id).ok_or_else(|| AppError::NotFoundCode {
        code: "oauth_provider_not_configured",
        message: format!(
            "sign-in with `{id}` is not configured on this server (configured: {})",
            if state.oauth.all().is_empty() {
                "none".to_string()
            } else {
                state
                    .oauth
                    .all()
                    .iter()
                    .map(|provider| provider.id)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ),
    })
}

/// A started sign-in: where to send the browser, and the `state` its cookie must hold.
pub struct Started {
    pub authorization_url: String,
    pub state: String,
}

/// Records a new authorization request; `link_user_id` makes it link instead of sign in.
#[tracing::instrument(skip(state, return_to))]
pub async fn start(
    state: &AppState,
    provider_id: &str,
    link_user_id: Option<UserId>,
    return_to: Option<&str>,
) -> Result<Started> {
    let link_user_id = link_user_id.map(UserId::get);
    let provider = provider(state, provider_id)?;
    let authorization = state
        .oauth
        .authorize(provider)
        .await
        .map_err(provider_unavailable)?;
    let txn = state.db.begin_write().await?;
    repo::delete_expired_states(&*txn).await?;
    repo::insert_state(
        &*txn,
        NewState {
            state_hash: hash_refresh_token(&authorization.state),
            provider: provider.id,
            pkce_verifier: authorization.pkce_verifier,
            nonce: authorization.nonce,
            link_user_id,
            return_to: safe_return_path(return_to),
            expires_at: Utc::now() + Duration::seconds(STATE_TTL_SECS),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Started {
        authorization_url: authorization.url,
        state: authorization.state,
    })
}

fn provider_unavailable(error: ProviderError) -> AppError {
    tracing::warn!(%error, "sign-in provider failed");
    AppError::Unavailable(format!("the sign-in provider is not answering: {error}"))
}

/// Only a path of our own web app: never another origin (an open redirect).
fn safe_return_path(raw: Option<&str>) -> String {
    match raw.map(str::trim) {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control)
                && path.len() <= 255 =>
        {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

/// Why a callback did not sign anyone in, as the web app shows it.
#[derive(Debug)]
pub struct CallbackError {
    pub code: &'static str,
    pub message: String,
}

impl CallbackError {
    fn new(code: &'static str, message: impl Into<String>) -> CallbackError {
        CallbackError {
            code,
            message: message.into(),
        }
    }
}

impl From<sea_orm::DbErr> for CallbackError {
    fn from(error: sea_orm::DbErr) -> Self {
        tracing::error!(%error, "sign-in callback failed");
        CallbackError::new(
            "server_error",
            "something went wrong on our side; try again",
        )
    }
}

impl From<AppError> for CallbackError {
    fn from(error: AppError) -> Self {
        tracing::error!(error = %error, "sign-in callback failed");
        CallbackError::new(
            "server_error",
            "something went wrong on our side; try again",
        )
    }
}

/// What the provider's redirect back to us carried.
pub struct CallbackInput<'a> {
    pub code: Option<&'a str>,
    pub state: Option<&'a str>,
    pub error: Option<&'a str>,
    pub error_description: Option<&'a str>,
    /// The `state` kept in the cookie of the browser that started the sign-in.
    pub cookie_state: Option<&'a str>,
}

/// Finishes a sign-in and returns the web app URL to redirect the browser to: with a
/// one-time login code, a "linked" note, or an error code and message (in the fragment, so
/// neither reaches server logs or Referer headers).
#[tracing::instrument(skip_all, fields(provider = provider_id))]
pub async fn callback(state: &AppState, provider_id: &str, input: CallbackInput<'_>) -> String {
    let base = format!(
        "{}/oauth/complete",
        state.settings.public_url.trim_end_matches('/')
    );
    // Once the request is known to be genuine, even a failure returns to where it started
    // (Settings, for a link that failed).
    let (outcome, return_to) = match take_request(state, provider_id, &input).await {
        Ok((provider, request)) => (
            complete(state, provider, &input, &request).await,
            request.return_to,
        ),
        Err(error) => (Err(error), "/".to_string()),
    };
    let pairs = match outcome {
        Ok(Finished::SignedIn { code }) => vec![("code", code)],
        Ok(Finished::Linked) => vec![("linked", provider_id.to_string())],
        Err(error) => {
            tracing::info!(code = error.code, message = %error.message, "sign-in not finished");
            vec![
                ("error", error.code.to_string()),
                ("message", error.message),
                ("provider", provider_id.to_string()),
            ]
        }
    };
    let mut fragment = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        fragment.append_pair(key, &value);
    }
    fragment.append_pair("next", &return_to);
    format!("{base}#{}", fragment.finish())
}

enum Finished {
    SignedIn { code: String },
    Linked,
}

/// The recorded request this callback answers: its `state` known, unexpired, unused, and held
/// by this browser's cookie. Used up by reading it.
async fn take_request<'a>(
    state: &'a AppState,
    provider_id: &str,
    input: &CallbackInput<'_>,
) -> std::result::Result<(&'a Provider, oauth_states::Model), CallbackError> {
    let provider = state.oauth.get(provider_id).ok_or_else(|| {
        CallbackError::new(
            "oauth_provider_not_configured",
            format!("sign-in with `{provider_id}` is not configured"),
        )
    })?;
    let invalid_state = || {
        CallbackError::new(
            "oauth_state_invalid",
            "this sign-in link is not valid (expired, already used, or started in another \
             browser); start again",
        )
    };
    let raw_state = input
        .state
        .filter(|s| !s.is_empty())
        .ok_or_else(invalid_state)?;
    // The request is used up whatever happens next, so a leaked callback URL is worthless.
    let txn = state.db.begin_write().await?;
    let request = repo::take_state(&*txn, &hash_refresh_token(raw_state)).await?;
    txn.commit().await?;
    let request = request
        .filter(|request| request.provider == provider.id && request.expires_at > Utc::now())
        .ok_or_else(invalid_state)?;
    // Login CSRF: the browser finishing the sign-in must be the one that started it.
    if input.cookie_state != Some(raw_state) {
        return Err(invalid_state());
    }
    Ok((provider, request))
}

/// Trades the code, reads the profile, then signs in (or creates) or links.
async fn complete(
    state: &AppState,
    provider: &Provider,
    input: &CallbackInput<'_>,
    request: &oauth_states::Model,
) -> std::result::Result<Finished, CallbackError> {
    if let Some(error) = input.error {
        return Err(CallbackError::new(
            "oauth_denied",
            format!(
                "{} did not sign you in: {}",
                provider.name,
                input.error_description.unwrap_or(error)
            ),
        ));
    }
    let code = input
        .code
        .filter(|code| !code.is_empty())
        .ok_or_else(|| CallbackError::new("oauth_failed", "the provider sent no code"))?;
    let profile = state
        .oauth
        .finish(provider, code, &request.pkce_verifier, &request.nonce)
        .await
        .map_err(|error| match error {
            ProviderError::Rejected(message) => {
                tracing::warn!(%message, "sign-in refused");
                CallbackError::new(
                    "oauth_failed",
                    format!("{} sign-in failed: {message}", provider.name),
                )
            }
            ProviderError::Unavailable(message) => {
                tracing::warn!(%message, "sign-in provider failed");
                CallbackError::new(
                    "oauth_unavailable",
                    format!("{} is not answering; try again later", provider.name),
                )
            }
        })?;
    let profile = profile.cleaned();
    match request.link_user_id {
        Some(user_id) => {
            link(state, provider, &profile, user_id).await?;
            Ok(Finished::Linked)
        }
        None => {
            let user_id = find_or_create(state, provider, &profile).await?;
            let code = issue_login_code(state, user_id).await?;
            Ok(Finished::SignedIn { code })
        }
    }
}

async fn link(
    state: &AppState,
    provider: &Provider,
    profile: &ExternalProfile,
    user_id: i64,
) -> std::result::Result<(), CallbackError> {
    let txn = state.db.begin_write().await?;
    if let Some(existing) = repo::find_identity(&*txn, provider.id, &profile.subject).await? {
        return if existing.user_id == user_id {
            Ok(())
        } else {
            Err(CallbackError::new(
                "oauth_identity_taken",
                format!(
                    "this {} account already signs in to another Tidings account",
                    provider.name
                ),
            ))
        };
    }
    match repo::insert_identity(&*txn, user_id, provider.id, profile).await {
        Ok(()) => {}
        Err(error) if is_unique_violation(&error) => {
            return Err(CallbackError::new(
                "oauth_already_linked",
                format!(
                    "your account is already linked to another {} account; unlink it first",
                    provider.name
                ),
            ));
        }
        Err(error) => return Err(error.into()),
    }
    txn.commit().await?;
    Ok(())
}

/// The account of this identity, or a new active and confirmed one. The unique index on
/// (provider, subject) settles two first sign-ins racing: the loser finds the winner's row.
async fn find_or_create(
    state: &AppState,
    provider: &Provider,
    profile: &ExternalProfile,
) -> std::result::Result<i64, CallbackError> {
    for _ in 0..5 {
        if let Some(identity) =
            repo::find_identity(&state.db.conn, provider.id, &profile.subject).await?
        {
            if identity.login != profile.login {
                let txn = state.db.begin_write().await?;
                repo::update_identity_login(&*txn, identity.id, &profile.login).await?;
                txn.commit().await?;
            }
            return Ok(identity.user_id);
        }
        let email = profile
            .verified_email
            .as_deref()
            .map(|email| email.trim().to_lowercase())
            .filter(|email| !email.is_empty() && email.len() <= 255 && email.contains('@'))
            .ok_or_else(|| {
                CallbackError::new(
                    "oauth_email_missing",
                    format!(
                        "{} did not share a verified email address; add one there, or register \
                         with a password",
                        provider.name
                    ),
                )
            })?;
        let email_taken = || {
            CallbackError::new(
                "oauth_email_taken",
                format!(
                    "an account with {email} exists: sign in with your password, then link {} \
                     in Settings",
                    provider.name
                ),
            )
        };
        // Never attach to an account by email alone: whoever controls the provider account
        // would take over the Tidings account.
        if users_repo::find_by_email(&state.db.conn, &email)
            .await?
            .is_some()
        {
            // Unless a sign-in of this same identity created it a moment ago.
            if let Some(identity) =
                repo::find_identity(&state.db.conn, provider.id, &profile.subject).await?
            {
                return Ok(identity.user_id);
            }
            return Err(email_taken());
        }
        let name = free_name(state, &profile.login).await?;
        let mut write = Write::begin(state).await?;
        let txn = write.conn();
        let user_id = match users_repo::insert(txn, name.clone(), email.clone(), None).await {
            Ok(user_id) => user_id,
            // A name or address taken meanwhile, or the same identity signing up twice at
            // once: look again from the top.
            Err(error) if is_unique_violation(&error) => continue,
            Err(error) => return Err(error.into()),
        };
        let now = Utc::now();
        users::Entity::update(users::ActiveModel {
            id: Set(user_id),
            confirmed_at: Set(Some(now)),
            nickname: Set(profile.display_name.chars().take(64).collect()),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(txn)
        .await?;
        match repo::insert_identity(txn, user_id, provider.id, profile).await {
            Ok(()) => {}
            Err(error) if is_unique_violation(&error) => continue,
            Err(error) => return Err(error.into()),
        }
        // The provider's picture becomes the avatar later, by a job, so a slow or missing
        // picture never holds up the sign-in.
        write
            .record(Fact::AccountCreated {
                user: UserId(user_id),
                name,
            })
            .await?;
        if let Some(url) = &profile.avatar_url {
            write
                .record(Fact::RemoteAvatarOffered {
                    user: UserId(user_id),
                    url: url.clone(),
                })
                .await?;
        }
        write.commit().await?;
        tracing::info!(
            user_id,
            provider = provider.id,
            "account created by sign-in"
        );
        return Ok(user_id);
    }
    Err(CallbackError::new(
        "server_error",
        "could not create your account; try again",
    ))
}

/// A free user name derived from the provider's: its allowed characters, then with a short
/// random suffix while taken.
async fn free_name(state: &AppState, login: &str) -> std::result::Result<String, CallbackError> {
    let base = name_base(login);
    for attempt in 0..12 {
        let candidate = if attempt == 0 {
            base.clone()
        } else {
            let stem: String = base.chars().take(15).collect();
            format!("{stem}-{}", rand::random_range(1000..10000))
        };
        if crate::content::validation::user_name(&candidate).is_ok()
            && !users_repo::name_taken(&state.db.conn, &candidate).await?
        {
            return Ok(candidate);
        }
    }
    Ok(format!(
        "user-{}",
        rand::random_range(10_000_000..100_000_000)
    ))
}

fn name_base(login: &str) -> String {
    let mut base: String = login
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .take(20)
        .collect();
    if base.chars().count() < 3 {
        base.push_str("user");
    }
    if base.chars().all(|c| c.is_ascii_digit()) {
        base = format!("u{base}");
    }
    base.chars().take(20).collect()
}

async fn issue_login_code(state: &AppState, user_id: i64) -> Result<String> {
    let (code, hash) = new_refresh_token();
    let txn = state.db.begin_write().await?;
    auth_repo::insert_account_token(
        &*txn,
        user_id,
        LOGIN_CODE_PURPOSE,
        hash,
        Utc::now() + Duration::seconds(LOGIN_CODE_TTL_SECS),
    )
    .await?;
    txn.commit().await?;
    Ok(code)
}

/// Trades the callback's one-time code for a token pair (and records the login).
#[tracing::instrument(skip_all)]
pub async fn exchange(
    state: &AppState,
    request: ExchangeOAuthCodeRequest,
    ip: Option<String>,
) -> Result<AuthResponse> {
    request.validate()?;
    let invalid = || {
        AppError::unauthorized(
            "invalid_oauth_code",
            "this sign-in code is not valid (expired or already used); sign in again",
        )
    };
    let hash = hash_refresh_token(request.code.trim());
    let txn = state.db.begin_write().await?;
    let token = auth_repo::find_account_token(&*txn, LOGIN_CODE_PURPOSE, &hash)
        .await?
        .filter(|token| token.used_at.is_none() && token.expires_at > Utc::now())
        .ok_or_else(invalid)?;
    if !auth_repo::consume_account_token(&*txn, token.id).await? {
        return Err(invalid());
    }
    let user = users_repo::find_by_id(&*txn, token.user_id)
        .await?
        .ok_or_else(invalid)?;
    if !user.active {
        return Err(AppError::forbidden(
            "account_disabled",
            "this account is disabled",
        ));
    }
    auth_repo::track_login(&*txn, user.id, ip).await?;
    txn.commit().await?;
    start_session(state, user.id).await
}

pub async fn identities(state: &AppState, user_id: UserId) -> Result<LinkedIdentities> {
    let user_id = user_id.get();
    let user = users_repo::find_by_id(&state.db.conn, user_id)
        .await?
        .ok_or(AppError::NotFound("user"))?;
    let identities = repo::identities_of(&state.db.conn, user_id).await?;
    Ok(LinkedIdentities {
        identities: identities
            .into_iter()
            .map(|identity| LinkedIdentity {
                provider: identity.provider,
                login: identity.login,
                created_at: identity.created_at,
            })
            .collect(),
        has_password: user.password_hash.is_some(),
    })
}

/// Unlinks a provider, unless it is the account's only way to sign in.
#[tracing::instrument(skip(state))]
pub async fn unlink(state: &AppState, user_id: UserId, provider: &str) -> Result<()> {
    let user_id = user_id.get();
    let txn = state.db.begin_write().await?;
    let user = users_repo::find_by_id(&*txn, user_id)
        .await?
        .ok_or(AppError::NotFound("user"))?;
    let identities = repo::identities_of(&*txn, user_id).await?;
    if !identities
        .iter()
        .any(|identity| identity.provider == provider)
    {
        return Err(AppError::NotFound("linked identity"));
    }
    if user.password_hash.is_none() && identities.len() == 1 {
        return Err(AppError::conflict(
            "last_sign_in_method",
            "provider",
            "this is your only way to sign in: set a password first (Forgot password mails \
             a link)",
        ));
    }
    repo::delete_identity(&*txn, user_id, provider).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_stay_on_our_origin() {
        assert_eq!(safe_return_path(Some("/posts/12?x=1")), "/posts/12?x=1");
        for hostile in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(safe_return_path(Some(hostile)), "/", "{hostile}");
        }
        assert_eq!(safe_return_path(None), "/");
    }

    #[test]
    fn names_derive_from_the_provider_login() {
        assert_eq!(name_base("octo cat!"), "octocat");
        assert_eq!(name_base("x"), "xuser");
        assert_eq!(name_base("12345"), "u12345");
        assert_eq!(
            name_base("a-very-long-github-login-name"),
            "a-very-long-github-l"
        );
        assert!(crate::content::validation::user_name(&name_base("李雷")).is_ok());
    }
}
