//! The extractors that carry the sign-in rules: `AuthUser` (a valid bearer token of a live
//! session is required), `MaybeAuthUser` (anonymous is fine, a bad token is still refused) and
//! `ConfirmedUser` (signed in with a confirmed address, when the settings ask for one).

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};

use futures_util::future::LocalBoxFuture;

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
    let state = request
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("application state is missing")))?;
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
            let state = request.app_data::<web::Data<AppState>>().ok_or_else(|| {
                AppError::Internal(anyhow::anyhow!("application state is missing"))
            })?;
            super::live::require_confirmed(state, user.id).await?;
            Ok(ConfirmedUser(user))
        })
    }
}
