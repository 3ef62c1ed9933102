//! The extractors that carry the sign-in and standing rules: `AuthUser` (a valid bearer token
//! of a live session is required), `MaybeAuthUser` (anonymous is fine, a bad token is still
//! refused), `ConfirmedUser` (signed in with a confirmed address, when the settings ask for
//! one), `AccountUser` (the account's own housekeeping), `Moderator` and `Admin`.
//!
//! Bans are enforced here, never in a handler: on any request that writes (every method but
//! GET, HEAD, OPTIONS and TRACE) a banned caller is refused with 403 `banned` by `AuthUser`,
//! `MaybeAuthUser`, `ConfirmedUser`, `Moderator` and `Admin` alike. Only `AccountUser` lets a
//! banned person write, for what concerns nobody else: signing out, their password, their
//! notifications' read marks and settings.

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};

use futures_util::future::LocalBoxFuture;

use super::standing::{self, Role};
use crate::domain::ids::UserId;
use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: UserId,
    pub session_id: String,
}

#[derive(Debug, Clone)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

impl MaybeAuthUser {
    pub fn id(&self) -> Option<UserId> {
        self.0.as_ref().map(|user| user.id)
    }
}

/// The bearer token's user, if the request carries one; a token whose session was revoked
/// (logout, password change, refresh-token reuse) is refused from the next request on.
async fn authenticate(request: HttpRequest) -> Result<Option<AuthUser>, AppError> {
    let writes = !request.method().is_safe();
    let user = authenticate_session(request.clone()).await?;
    if let Some(user) = &user
        && writes
    {
        standing::require_not_banned(app_state(&request)?, user.id).await?;
    }
    Ok(user)
}

fn app_state(request: &HttpRequest) -> Result<&AppState, AppError> {
    request
        .app_data::<web::Data<AppState>>()
        .map(|state| state.get_ref())
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("application state is missing")))
}

/// The caller of a live session, whatever their standing.
async fn authenticate_session(request: HttpRequest) -> Result<Option<AuthUser>, AppError> {
    let Some(header) = request.headers().get(AUTHORIZATION) else {
        return Ok(None);
    };
    let value = header
        .to_str()
        .map_err(|_| AppError::unauthorized("invalid_token", "malformed Authorization header"))?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .ok_or_else(|| {
            AppError::unauthorized("invalid_token", "expected `Authorization: Bearer <token>`")
        })?;
    let state = app_state(&request)?;
    let (id, session_id) = state.tokens.verify_access(token.trim())?;
    if !super::live::session_is_live(state, &session_id).await? {
        return Err(AppError::unauthorized(
            "session_revoked",
            "this session was signed out; sign in again",
        ));
    }
    Ok(Some(AuthUser {
        id: UserId(id),
        session_id,
    }))
}

impl FromRequest for AuthUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move {
            authenticate(request).await.and_then(|user| {
                user.ok_or_else(|| AppError::unauthorized("missing_token", "sign in to do this"))
            })
        })
    }
}

impl FromRequest for MaybeAuthUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move { authenticate(request).await.map(MaybeAuthUser) })
    }
}

/// A signed-in user allowed to write: with a confirmed address when the site asks for one
/// (403 `email_unconfirmed` otherwise). Handlers that write take this instead of checking.
#[derive(Debug, Clone)]
pub struct ConfirmedUser(pub AuthUser);

impl std::ops::Deref for ConfirmedUser {
    type Target = AuthUser;

    fn deref(&self) -> &AuthUser {
        &self.0
    }
}

impl FromRequest for ConfirmedUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move {
            let user = authenticate(request.clone())
                .await?
                .ok_or_else(|| AppError::unauthorized("missing_token", "sign in to do this"))?;
            super::live::require_confirmed(app_state(&request)?, user.id).await?;
            Ok(ConfirmedUser(user))
        })
    }
}

/// A signed-in caller doing their own account's housekeeping (signing out, their password,
/// their notifications' read marks and settings): allowed while banned, as nobody else sees it.
#[derive(Debug, Clone)]
pub struct AccountUser(pub AuthUser);

impl std::ops::Deref for AccountUser {
    type Target = AuthUser;

    fn deref(&self) -> &AuthUser {
        &self.0
    }
}

impl FromRequest for AccountUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move {
            authenticate_session(request)
                .await?
                .map(AccountUser)
                .ok_or_else(|| AppError::unauthorized("missing_token", "sign in to do this"))
        })
    }
}

/// A moderator or administrator, not banned (403 `forbidden` for everyone else).
#[derive(Debug, Clone)]
pub struct Moderator {
    pub user: AuthUser,
    pub role: Role,
}

/// An administrator, not banned (403 `forbidden` for everyone else).
#[derive(Debug, Clone)]
pub struct Admin(pub AuthUser);

/// The caller, if their standing is at least `needed`.
async fn with_role(request: HttpRequest, needed: Role) -> Result<(AuthUser, Role), AppError> {
    let user = authenticate_session(request.clone())
        .await?
        .ok_or_else(|| AppError::unauthorized("missing_token", "sign in to do this"))?;
    let standing = standing::of_caller(app_state(&request)?, user.id).await?;
    if let Some(ban) = standing.ban(chrono::Utc::now()) {
        return Err(ban.into_error());
    }
    if standing.role < needed {
        let who = match needed {
            Role::Admin => "administrators",
            _ => "moderators",
        };
        return Err(AppError::forbidden(
            "forbidden",
            format!("only {who} can do this"),
        ));
    }
    Ok((user, standing.role))
}

impl FromRequest for Moderator {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move {
            let (user, role) = with_role(request, Role::Moderator).await?;
            Ok(Moderator { user, role })
        })
    }
}

impl FromRequest for Admin {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move {
            let (user, _) = with_role(request, Role::Admin).await?;
            Ok(Admin(user))
        })
    }
}
