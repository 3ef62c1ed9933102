//! `/auth/oauth/*` and `/me/identities`: extract → call the service → map to HTTP.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web::{delete, get, post};
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use super::dto::{
    CallbackQuery, ExchangeOAuthCodeRequest, LinkedIdentities, OAuthProviders, StartOAuthRequest,
    StartOAuthResponse,
};
use super::service::{self, CallbackInput, STATE_TTL_SECS, Started};
use crate::auth::dto::AuthResponse;
use crate::error::{ErrorBody, Result};
use crate::http::rate_limit::{Action, client_ip};
use crate::session::{AuthUser, MaybeAuthUser};
use crate::state::AppState;

/// Holds the `state` of a sign-in in progress, so only the browser that started it can
/// finish it.
const STATE_COOKIE: &str = "tidings_oauth_state";
const COOKIE_PATH: &str = "/api/v1/auth/oauth/";

/// Registers this module's handlers: each route is declared once, by its handler's attribute,
/// and registering it is what documents it.
pub fn router(config: &mut ServiceConfig) {
    config
        .service(list_providers)
        .service(exchange_code)
        .service(start)
        .service(start_redirect)
        .service(callback)
        .service(list_identities)
        .service(unlink_identity);
}

fn state_cookie(state: &AppState, value: &str, max_age: i64) -> String {
    let secure = if state.settings.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    // SameSite=Lax: sent on the provider's top-level redirect back to us, not on
    // cross-site subrequests.
    format!(
        "{STATE_COOKIE}={value}; Path={COOKIE_PATH}; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    )
}

fn cookie_value<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request
        .headers()
        .get_all(header::COOKIE)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The sign-in providers this server offers (empty when none is configured).
#[utoipa::path(tag = "auth",
    responses((status = 200, description = "Configured providers", body = OAuthProviders)))]
#[get("/auth/oauth/providers")]
pub async fn list_providers(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(service::providers(&state))
}

/// Start signing in with a provider — or, with a bearer token, start linking one to your
/// account. Send the browser to `authorization_url`; the provider sends it back to
/// `/auth/oauth/{provider}/callback`, which redirects to the web app's
/// `/oauth/complete#code=…` (then call `POST /auth/oauth/exchange`), `#linked=…` or
/// `#error=…&message=…`.
#[utoipa::path(tag = "auth",
    params(("provider" = String, Path, description = "`github` or `oidc`")),
    request_body(content = StartOAuthRequest, description = "Optional; `{}` is fine"),
    responses(
        (status = 200, description = "Authorization URL; sets the state cookie", body = StartOAuthResponse),
        (status = 404, description = "Provider not configured (`oauth_provider_not_configured`)", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
        (status = 429, description = "Too many attempts (`rate_limited`; see `Retry-After`)", body = ErrorBody),
        (status = 503, description = "The provider's discovery document cannot be read", body = ErrorBody),
    ))]
#[post("/auth/oauth/{provider}/start")]
pub async fn start(
    state: web::Data<AppState>,
    request: HttpRequest,
    provider: web::Path<String>,
    user: MaybeAuthUser,
    body: Option<web::Json<StartOAuthRequest>>,
) -> Result<HttpResponse> {
    let body = body.map(web::Json::into_inner).unwrap_or_default();
    body.validate()?;
    state
        .rate_limiter
        .check(&state, Action::Login, client_ip(&request).as_deref(), None)
        .await?;
    let started = service::start(&state, &provider, user.id(), body.return_to.as_deref()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::SET_COOKIE,
            state_cookie(&state, &started.state, STATE_TTL_SECS),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(StartOAuthResponse {
            authorization_url: started.authorization_url,
        }))
}

/// Start signing in with a provider from a plain link: redirects to the provider. (Linking
/// needs the bearer token, so it goes through `POST`.)
#[utoipa::path(tag = "auth",
    params(("provider" = String, Path, description = "`github` or `oidc`"), StartOAuthRequest),
    responses(
        (status = 302, description = "To the provider; sets the state cookie"),
        (status = 404, description = "Provider not configured (`oauth_provider_not_configured`)", body = ErrorBody),
        (status = 429, description = "Too many attempts (`rate_limited`; see `Retry-After`)", body = ErrorBody),
        (status = 503, description = "The provider's discovery document cannot be read", body = ErrorBody),
    ))]
#[get("/auth/oauth/{provider}/start")]
pub async fn start_redirect(
    state: web::Data<AppState>,
    request: HttpRequest,
    provider: web::Path<String>,
    query: web::Query<StartOAuthRequest>,
) -> Result<HttpResponse> {
    query.validate()?;
    state
        .rate_limiter
        .check(&state, Action::Login, client_ip(&request).as_deref(), None)
        .await?;
    let Started {
        authorization_url,
        state: raw_state,
    } = service::start(&state, &provider, None, query.return_to.as_deref()).await?;
    Ok(HttpResponse::Found()
        .insert_header((
            header::SET_COOKIE,
            state_cookie(&state, &raw_state, STATE_TTL_SECS),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::LOCATION, authorization_url))
        .finish())
}

/// Where the provider sends the browser back. Always redirects to the web app's
/// `/oauth/complete` with the outcome in the fragment; a forged or reused `state`, or one
/// started in another browser, is refused (`#error=oauth_state_invalid`).
#[utoipa::path(tag = "auth",
    params(("provider" = String, Path, description = "`github` or `oidc`"), CallbackQuery),
    responses((status = 302, description = "To the web app's `/oauth/complete#…`")))]
#[get("/auth/oauth/{provider}/callback")]
pub async fn callback(
    state: web::Data<AppState>,
    request: HttpRequest,
    provider: web::Path<String>,
    query: web::Query<CallbackQuery>,
) -> HttpResponse {
    let location = service::callback(
        &state,
        &provider,
        CallbackInput {
            code: query.code.as_deref(),
            state: query.state.as_deref(),
            error: query.error.as_deref(),
            error_description: query.error_description.as_deref(),
            cookie_state: cookie_value(&request, STATE_COOKIE),
        },
    )
    .await;
    HttpResponse::Found()
        .insert_header((header::SET_COOKIE, state_cookie(&state, "", 0)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::LOCATION, location))
        .finish()
}

/// Trade the one-time code from `/oauth/complete#code=…` for a token pair (valid 2 minutes,
/// once).
#[utoipa::path(tag = "auth",
    request_body = ExchangeOAuthCodeRequest,
    responses(
        (status = 200, description = "Signed in", body = AuthResponse),
        (status = 401, description = "Unknown, used or expired code (`invalid_oauth_code`)", body = ErrorBody),
        (status = 403, description = "Account disabled (`account_disabled`)", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
#[post("/auth/oauth/exchange")]
pub async fn exchange_code(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<ExchangeOAuthCodeRequest>,
) -> Result<HttpResponse> {
    let response = service::exchange(&state, body.into_inner(), client_ip(&request)).await?;
    Ok(HttpResponse::Ok().json(response))
}

/// The provider identities linked to your account.
#[utoipa::path(tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, description = "Linked identities", body = LinkedIdentities)))]
#[get("/me/identities")]
pub async fn list_identities(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::identities(&state, user.id).await?))
}

/// Unlink a provider from your account (refused when it is your only way to sign in).
#[utoipa::path(tag = "auth",
    security(("bearer" = [])),
    params(("provider" = String, Path, description = "`github` or `oidc`")),
    responses(
        (status = 204, description = "Unlinked"),
        (status = 404, description = "Not linked", body = ErrorBody),
        (status = 409, description = "The account has no password and no other identity (`last_sign_in_method`)", body = ErrorBody),
    ))]
#[delete("/me/identities/{provider}")]
pub async fn unlink_identity(
    state: web::Data<AppState>,
    user: AuthUser,
    provider: web::Path<String>,
) -> Result<HttpResponse> {
    service::unlink(&state, user.id, &provider).await?;
    Ok(HttpResponse::NoContent().finish())
}
