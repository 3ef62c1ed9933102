//! `/auth/*` and `/me/password`: extract → call the service → map to HTTP.

use actix_web::{HttpRequest, HttpResponse, web};
use actix_web::{post, put};
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use super::dto::{
    AuthResponse, ChangeEmailRequest, ChangePasswordRequest, ConfirmEmailRequest,
    EmailChangePending, ForgotPasswordRequest, LoginRequest, RefreshRequest, RegisterRequest,
    Registered, RegistrationPending, ResendConfirmationRequest, ResetPasswordRequest,
};
use super::{flows, service};
use crate::error::{ErrorBody, Result};
use crate::http::rate_limit::{Action, client_ip};
use crate::session::{AccountUser, AuthUser, MaybeAuthUser};
use crate::state::AppState;

/// Registers this module's handlers: each route is declared once, by its handler's attribute,
/// and registering it is what documents it.
pub fn router(config: &mut ServiceConfig) {
    config
        .service(register)
        .service(login)
        .service(refresh)
        .service(logout)
        .service(confirm_email)
        .service(resend_confirmation)
        .service(forgot_password)
        .service(reset_password)
        .service(change_password)
        .service(change_email)
        .service(confirm_email_change);
}

/// Create an account. Where addresses must be confirmed (the default) the answer is 202 and a
/// mail: a confirmation link for a new address, a "you already have an account" note to the
/// owner of a registered one — the same answer either way, so sign-up reveals no addresses.
/// Sign in once the address is confirmed. Where confirmation is off, the account is signed in
/// at once (201) and a registered address is a 409 `email_taken`.
#[utoipa::path(tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created and signed in (sites that do not ask for confirmed addresses)", body = AuthResponse),
        (status = 202, description = "Confirmation mail sent (`confirmation_sent`)", body = RegistrationPending),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 409, description = "Name taken (`name_taken`), or where confirmation is off, email taken (`email_taken`)", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
        (status = 429, description = "Too many attempts (`rate_limited`; see `Retry-After`)", body = ErrorBody),
    ))]
#[post("/auth/register")]
pub async fn register(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<RegisterRequest>,
) -> Result<HttpResponse> {
    // Validated before anything of it is counted or stored.
    body.validate()?;
    let ip = client_ip(&request);
    state
        .rate_limiter
        .check(&state, Action::Register, ip.as_deref(), Some(&body.email))
        .await?;
    Ok(match service::register(&state, body.into_inner()).await? {
        Registered::SignedIn(response) => HttpResponse::Created().json(response),
        Registered::Pending(pending) => HttpResponse::Accepted().json(pending),
    })
}

/// Sign in with a user name or email address and a password.
#[utoipa::path(tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = AuthResponse),
        (status = 401, description = "Wrong credentials (`invalid_credentials`)", body = ErrorBody),
        (status = 403, description = "Account disabled (`account_disabled`)", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
        (status = 429, description = "Too many attempts (`rate_limited`; see `Retry-After`)", body = ErrorBody),
    ))]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse> {
    // Validated before anything of it is counted or stored.
    body.validate()?;
    let ip = client_ip(&request);
    state
        .rate_limiter
        .check(&state, Action::Login, ip.as_deref(), Some(&body.login))
        .await?;
    let response = service::login(&state, body.into_inner(), ip).await?;
    Ok(HttpResponse::Ok().json(response))
}

/// Exchange a refresh token for a new token pair. The old refresh token stops working;
/// presenting it again revokes the whole session.
#[utoipa::path(tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New token pair", body = AuthResponse),
        (status = 401, description = "`invalid_refresh_token`, `refresh_token_expired` or `refresh_token_reused`", body = ErrorBody),
    ))]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse> {
    let response = service::refresh(&state, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(response))
}

/// End the session a refresh token belongs to.
#[utoipa::path(tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse> {
    service::logout(&state, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Change your password; every other session is signed out.
#[utoipa::path(tag = "auth",
    request_body = ChangePasswordRequest,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Password changed"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Wrong current password (`wrong_password`) or invalid new one", body = ErrorBody),
    ))]
#[put("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    user: AccountUser,
    body: web::Json<ChangePasswordRequest>,
) -> Result<HttpResponse> {
    service::change_password(&state, &user, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Change your email address: the new address gets a link, and the change happens when it is
/// opened (until then the account keeps its address); the old address is told afterwards.
#[utoipa::path(tag = "auth",
    request_body = ChangeEmailRequest,
    security(("bearer" = [])),
    responses(
        (status = 202, description = "Link mailed to the new address (`confirmation_sent`)", body = EmailChangePending),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 409, description = "Another account uses the address (`email_taken`)", body = ErrorBody),
        (status = 422, description = "Wrong password (`wrong_password`), no password set yet (`password_required`), the same address (`same_email`), or invalid fields", body = ErrorBody),
        (status = 429, description = "Too many changes (`rate_limited`; see `Retry-After`)", body = ErrorBody),
    ))]
#[post("/me/email")]
pub async fn change_email(
    state: web::Data<AppState>,
    request: HttpRequest,
    user: AuthUser,
    body: web::Json<ChangeEmailRequest>,
) -> Result<HttpResponse> {
    let pending =
        flows::request_email_change(&state, &user, body.into_inner(), client_ip(&request)).await?;
    Ok(HttpResponse::Accepted().json(pending))
}

/// Confirm a new email address with the token from the mail sent to it (signed in or not).
#[utoipa::path(tag = "auth",
    request_body = ConfirmEmailRequest,
    responses(
        (status = 204, description = "The address is changed"),
        (status = 409, description = "Another account took the address meanwhile (`email_taken`)", body = ErrorBody),
        (status = 422, description = "`invalid_token`, `token_used` or `token_expired`", body = ErrorBody),
    ))]
#[post("/auth/email/confirm")]
pub async fn confirm_email_change(
    state: web::Data<AppState>,
    body: web::Json<ConfirmEmailRequest>,
) -> Result<HttpResponse> {
    flows::confirm_email_change(&state, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Confirm your email address with the token from the confirmation mail.
#[utoipa::path(tag = "auth",
    request_body = ConfirmEmailRequest,
    responses(
        (status = 204, description = "Address confirmed"),
        (status = 422, description = "`invalid_token`, `token_used` or `token_expired`", body = ErrorBody),
    ))]
#[post("/auth/confirm")]
pub async fn confirm_email(
    state: web::Data<AppState>,
    body: web::Json<ConfirmEmailRequest>,
) -> Result<HttpResponse> {
    flows::confirm(&state, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mail a new confirmation link: to the signed-in account, or (signed out) to the account with
/// `email`. The answer does not tell whether such an account exists.
#[utoipa::path(tag = "auth",
    request_body = ResendConfirmationRequest,
    responses(
        (status = 202, description = "A link is on its way if there is an unconfirmed account"),
        (status = 422, description = "Invalid fields", body = ErrorBody),
        (status = 429, description = "Too many attempts (`rate_limited`; see `Retry-After`)", body = ErrorBody),
    ))]
#[post("/auth/confirm/resend")]
pub async fn resend_confirmation(
    state: web::Data<AppState>,
    request: HttpRequest,
    user: MaybeAuthUser,
    body: web::Json<ResendConfirmationRequest>,
) -> Result<HttpResponse> {
    flows::resend_confirmation(&state, user.0, body.into_inner(), client_ip(&request)).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Mail a password-reset link. The answer is the same whether or not the address is known.
#[utoipa::path(tag = "auth",
    request_body = ForgotPasswordRequest,
    responses(
        (status = 202, description = "A link is on its way if the address belongs to an account"),
        (status = 422, description = "Invalid fields", body = ErrorBody),
        (status = 429, description = "Too many attempts (`rate_limited`; see `Retry-After`)", body = ErrorBody),
    ))]
#[post("/auth/password/forgot")]
pub async fn forgot_password(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<ForgotPasswordRequest>,
) -> Result<HttpResponse> {
    flows::forgot_password(&state, body.into_inner(), client_ip(&request)).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Set a new password with the token from the reset mail; every session is signed out.
#[utoipa::path(tag = "auth",
    request_body = ResetPasswordRequest,
    responses(
        (status = 204, description = "Password changed"),
        (status = 422, description = "`invalid_token`, `token_used`, `token_expired` or an invalid password", body = ErrorBody),
    ))]
#[post("/auth/password/reset")]
pub async fn reset_password(
    state: web::Data<AppState>,
    body: web::Json<ResetPasswordRequest>,
) -> Result<HttpResponse> {
    flows::reset_password(&state, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
