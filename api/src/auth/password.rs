//! Argon2id password hashing, off the async threads (a hash takes tens of milliseconds).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::AppError;

pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|error| anyhow::anyhow!("hashing a password: {error}"))
    })
    .await
    .map_err(|error| AppError::Internal(error.into()))?
    .map_err(AppError::Internal)
}

/// Checks `password` against `stored`; with no stored hash it still does the work of one,
/// so response time does not reveal whether an account exists.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_string());
        let parsed = PasswordHash::new(&stored)
            .map_err(|error| anyhow::anyhow!("stored password hash is malformed: {error}"))?;
        Ok::<bool, anyhow::Error>(
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
                && stored != DUMMY_HASH,
        )
    })
    .await
    .map_err(|error| AppError::Internal(error.into()))?
    .map_err(AppError::Internal)
}

/// Argon2id hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$4yW4oDdcnbHhq8aFCkhpDmnc1UxbL28mU1Mh1R7s7W4";
