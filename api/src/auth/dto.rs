use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::users::dto::Me;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct RegisterRequest {
    /// 3–20 letters (of one script, or Latin with Chinese, Japanese or Korean), digits, `_`, `-`
    /// or `.`; not all digits; no invisible, look-alike (fullwidth, mathematical) or filler
    /// characters. Unique up to case and look-alike letters (`Alice` is `alice`).
    #[validate(custom(function = "crate::content::validation::user_name"))]
    #[schema(
        example = "alice",
        min_length = 3,
        max_length = 20,
        pattern = r#"^[^\x00-\x2c/:-@\[-^`{-\x7f\s]+$"#
    )]
    pub name: String,
    #[validate(email(message = "must be an email address"), length(max = 255))]
    #[schema(example = "alice@example.com", max_length = 255, format = Email)]
    pub email: String,
    #[validate(length(min = 8, max = 128, message = "must be 8 to 128 characters"))]
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct LoginRequest {
    /// User name or email address.
    #[validate(length(min = 1, max = 255, message = "is required"))]
    #[schema(min_length = 1, max_length = 255)]
    pub login: String,
    #[validate(length(min = 1, max = 128, message = "is required"))]
    #[schema(min_length = 1, max_length = 128)]
    pub password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 200, message = "is required"))]
    #[schema(min_length = 1, max_length = 200)]
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 128, message = "is required"))]
    #[schema(min_length = 1, max_length = 128)]
    pub current_password: String,
    #[validate(length(min = 8, max = 128, message = "must be 8 to 128 characters"))]
    #[schema(min_length = 8, max_length = 128)]
    pub new_password: String,
}

/// A signed-in session: who you are and the two tokens.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuthResponse {
    pub user: Me,
    /// Send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// Single use: `POST /auth/refresh` returns a new one and invalidates this one.
    pub refresh_token: String,
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
}

/// A sign-up waiting for its address to be confirmed: the same answer whether or not the address
/// already had an account (its owner is mailed instead), so sign-up reveals no addresses.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationPending {
    /// Always `confirmation_sent`.
    #[schema(example = "confirmation_sent")]
    pub status: String,
    /// Where the mail went (the address as given, normalised).
    pub email: String,
}

/// What a sign-up leads to: signed in at once (when the site does not ask for confirmed
/// addresses) or a confirmation mail.
#[derive(Debug)]
pub enum Registered {
    SignedIn(Box<AuthResponse>),
    Pending(RegistrationPending),
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ConfirmEmailRequest {
    /// The token from the confirmation link.
    #[validate(length(min = 1, max = 200, message = "is required"))]
    #[schema(min_length = 1, max_length = 200)]
    pub token: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ResendConfirmationRequest {
    /// Needed when not signed in; ignored when signed in.
    #[validate(email(message = "must be an email address"), length(max = 255))]
    #[schema(example = "alice@example.com")]
    pub email: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ForgotPasswordRequest {
    #[validate(email(message = "must be an email address"), length(max = 255))]
    #[schema(example = "alice@example.com")]
    pub email: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ResetPasswordRequest {
    /// The token from the reset link.
    #[validate(length(min = 1, max = 200, message = "is required"))]
    #[schema(min_length = 1, max_length = 200)]
    pub token: String,
    #[validate(length(min = 8, max = 128, message = "must be 8 to 128 characters"))]
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
}

/// A new address for your account: it takes effect once you open the link mailed to it.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeEmailRequest {
    #[serde(deserialize_with = "crate::content::validation::parse::trimmed")]
    #[validate(email(message = "must be an email address"), length(max = 255))]
    #[schema(example = "alice@example.org", max_length = 255, format = Email)]
    pub email: String,
    /// Your current password (a stolen session alone cannot move the account elsewhere).
    #[validate(length(min = 1, max = 128, message = "is required"))]
    #[schema(min_length = 1, max_length = 128)]
    pub password: String,
}

/// An address change waiting for its confirmation.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailChangePending {
    /// Always `confirmation_sent`.
    #[schema(example = "confirmation_sent")]
    pub status: String,
    /// The new address, where the link went.
    pub email: String,
}
