//! Access JWTs (HS256, short-lived) and opaque refresh tokens (random, stored only as a hash).

use std::fs;
use std::io::Write;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Settings;
use crate::error::AppError;

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user id, as a string like the JWT spec asks.
    pub sub: String,
    /// The refresh-token family (one sign-in); lets a password change keep only this session.
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
}

/// Keeps an unsubscribe token from ever passing as an access token, and the reverse.
const UNSUBSCRIBE_AUDIENCE: &str = "tidings-unsubscribe";

#[derive(Debug, Serialize, Deserialize)]
struct UnsubscribeClaims {
    sub: String,
    kind: String,
    aud: String,
}

pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub access_ttl_secs: u64,
}

impl TokenKeys {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<TokenKeys> {
        Ok(TokenKeys::from_secret(settings, &server_secret(settings)?))
    }

    pub fn from_secret(settings: &Settings, secret: &SecretString) -> TokenKeys {
        let bytes = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        // The server both issues and checks these tokens, so there is no clock skew to allow for.
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        TokenKeys {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
            access_ttl_secs: settings.access_token_ttl_secs,
        }
    }

    pub fn issue_access(&self, user_id: i64, session_id: &str) -> Result<String, AppError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            sid: session_id.to_string(),
            iat: now,
            exp: now + self.access_ttl_secs as i64,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|error| AppError::Internal(error.into()))
    }

    /// A token for a mail's one-click unsubscribe link: who, and which kind of mail. It does not
    /// expire (mail is read late), and it only turns mail off.
    pub fn issue_unsubscribe(&self, user_id: i64, kind: &str) -> Result<String, AppError> {
        let claims = UnsubscribeClaims {
            sub: user_id.to_string(),
            kind: kind.to_string(),
            aud: UNSUBSCRIBE_AUDIENCE.to_string(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|error| AppError::Internal(error.into()))
    }

    /// (user id, kind) of an unsubscribe token this server issued.
    pub fn verify_unsubscribe(&self, token: &str) -> Option<(i64, String)> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.set_required_spec_claims(&["sub", "aud"]);
        validation.set_audience(&[UNSUBSCRIBE_AUDIENCE]);
        let claims = jsonwebtoken::decode::<UnsubscribeClaims>(token, &self.decoding, &validation)
            .ok()?
            .claims;
        Some((claims.sub.parse().ok()?, claims.kind))
    }

    /// Checks signature and expiry and returns (user id, session id).
    pub fn verify_access(&self, token: &str) -> Result<(i64, String), AppError> {
        let invalid = || AppError::unauthorized("invalid_token", "the access token is not valid");
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|error| match error.kind() {
                ErrorKind::ExpiredSignature => {
                    AppError::unauthorized("token_expired", "the access token has expired")
                }
                _ => invalid(),
            })?;
        let user_id = claims.sub.parse::<i64>().map_err(|_| invalid())?;
        Ok((user_id, claims.sid))
    }
}

/// The server's signing secret (access tokens; page cursors derive their key from it):
/// `TIDINGS_JWT_SECRET`, else the one generated under `data_dir`.
pub fn server_secret(settings: &Settings) -> anyhow::Result<SecretString> {
    let secret = match &settings.jwt_secret {
        Some(secret) => secret.clone(),
        None => load_or_create_secret(settings)?,
    };
    anyhow::ensure!(
        secret.expose_secret().len() >= 32,
        "TIDINGS_JWT_SECRET must be at least 32 bytes long"
    );
    Ok(secret)
}

/// The embedded default: a random secret generated once and kept (mode 0600) under `data_dir`,
/// so tokens survive restarts without anyone having to configure one.
fn load_or_create_secret(settings: &Settings) -> anyhow::Result<SecretString> {
    let path = settings.data_dir.join("jwt_secret");
    if let Ok(existing) = fs::read_to_string(&path) {
        let existing = existing.trim().to_string();
        if existing.len() >= 32 {
            return Ok(SecretString::from(existing));
        }
    }
    fs::create_dir_all(&settings.data_dir)?;
    let secret = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 48]>());
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path)?;
    file.write_all(secret.as_bytes())?;
    tracing::info!(path = %path.display(), "generated a JWT secret");
    Ok(SecretString::from(secret))
}

/// A new refresh token for the client and the hash we keep of it.
pub fn new_refresh_token() -> (String, String) {
    let token = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    let hash = hash_refresh_token(&token);
    (token, hash)
}

pub fn hash_refresh_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}
