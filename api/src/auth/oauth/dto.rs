use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

/// A sign-in provider this server is configured for.
#[derive(Debug, Serialize, ToSchema)]
pub struct OAuthProvider {
    /// The path segment: `github` or `oidc`.
    #[schema(example = "github")]
    pub id: String,
    /// What the button says.
    #[schema(example = "GitHub")]
    pub name: String,
    /// `github` or `oidc`.
    pub kind: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OAuthProviders {
    /// Empty when none is configured.
    pub providers: Vec<OAuthProvider>,
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StartOAuthRequest {
    /// A path of the web app to return to afterwards (`/posts/12`); anything else means `/`.
    #[validate(length(max = 255, message = "must be at most 255 characters"))]
    #[serde(default)]
    pub return_to: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StartOAuthResponse {
    /// Send the browser here. The response also sets a short-lived cookie that the callback
    /// checks, so the sign-in can only finish in the browser that started it.
    pub authorization_url: String,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    /// Set by the provider when the person declined or the request was refused.
    pub error: Option<String>,
    pub error_description: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExchangeOAuthCodeRequest {
    /// The one-time code from the callback's redirect to the web app (`/oauth/complete#code=…`).
    #[validate(length(min = 1, max = 200, message = "is required"))]
    pub code: String,
}

/// A provider identity linked to the signed-in account.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkedIdentity {
    #[schema(example = "github")]
    pub provider: String,
    /// The provider's user name at the last sign-in.
    pub login: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LinkedIdentities {
    pub identities: Vec<LinkedIdentity>,
    /// Whether the account has a password (else it can only unlink down to one identity).
    pub has_password: bool,
}
