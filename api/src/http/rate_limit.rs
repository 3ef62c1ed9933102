//! Abuse limits for the costly endpoints (sign-in, sign-up, mail, avatar uploads, reports): fixed windows counted per IP address and per
//! account or email address. With Redis the count is shared by every process (INCR + EXPIRE in
//! one script); without it, or while Redis does not answer, each process counts on its own.
//!
//! Nothing a client sends becomes a key as it is: an identifier (IP address, login name, email)
//! is normalised and hashed, so every key has the same small size however long the input; and
//! the in-process table holds at most `LOCAL_CAPACITY` windows (least recently used evicted).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use deadpool_redis::redis;
use sha2::{Digest, Sha256};

use crate::cache::RedisTier;
use crate::error::AppError;
use crate::state::AppState;

/// What is being limited; each action has its own counters.
#[derive(Debug, Clone, Copy)]
pub enum Action {
    Login,
    Register,
    ForgotPassword,
    ResendConfirmation,
    /// Avatar uploads: decoding and resizing an image is the costliest thing a client can ask.
    AvatarUpload,
    /// Address changes: each one mails a stranger's inbox.
    ChangeEmail,
    /// Reports: each one lands in the moderators' queue.
    Report,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Login => "login",
            Action::Register => "register",
            Action::ForgotPassword => "forgot",
            Action::ResendConfirmation => "resend",
            Action::AvatarUpload => "avatar",
            Action::ChangeEmail => "email",
            Action::Report => "report",
        }
    }
}

/// Windows the in-process limiter keeps (about 100 bytes each). Under a flood of distinct
/// identifiers the oldest are evicted: the per-IP limit still holds the flood itself back.
const LOCAL_CAPACITY: u64 = 100_000;
/// Identifiers are cut to this many characters before hashing (a valid login or email is
/// far shorter; this only bounds the hashing work).
const MAX_IDENTIFIER_CHARS: usize = 320;

const INCREMENT: &str = r"
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
";

type Window = Arc<Mutex<(Instant, u64)>>;

pub struct RateLimiter {
    /// Shared windows, when Redis is configured (chosen once at start-up).
    shared: Option<Arc<RedisTier>>,
    /// This process's windows: the only ones without Redis, the fallback while it does not answer.
    local: moka::future::Cache<String, Window>,
}

/// The caller's address as login tracking and the abuse limits see it (the TCP peer).
pub fn client_ip(request: &actix_web::HttpRequest) -> Option<String> {
    request.peer_addr().map(|address| address.ip().to_string())
}

/// A fixed-size key for `identifier`: trimmed, lower-cased, cut, and hashed (SHA-256, 128 bits
/// in hex), so `Alice` and ` alice ` count together and a 1 MB name costs 32 bytes.
fn identifier_digest(identifier: &str) -> String {
    let normalised: String = identifier
        .trim()
        .chars()
        .take(MAX_IDENTIFIER_CHARS)
        .flat_map(char::to_lowercase)
        .collect();
    let digest = Sha256::digest(normalised.as_bytes());
    digest[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

impl RateLimiter {
    /// `window_secs` is the counting window; entries live no longer than it.
    pub fn new(window_secs: u64, shared: Option<Arc<RedisTier>>) -> RateLimiter {
        RateLimiter {
            shared,
            local: moka::future::Cache::builder()
                .max_capacity(LOCAL_CAPACITY)
                .time_to_live(Duration::from_secs(window_secs.max(1)))
                .build(),
        }
    }

    /// Counts one `action` for `ip` and for `account` (a lower-cased name or email) and refuses
    /// with 429 `rate_limited` once either is over its limit in the current window.
    pub async fn check(
        &self,
        state: &AppState,
        action: Action,
        ip: Option<&str>,
        account: Option<&str>,
    ) -> Result<(), AppError> {
        let settings = &state.settings;
        let window = settings.rate_limit_window_secs.max(1);
        let mut keys = Vec::with_capacity(2);
        if let Some(ip) = ip
            && settings.rate_limit_per_ip > 0
        {
            keys.push((
                format!("tidings:rl:{}:ip:{}", action.name(), identifier_digest(ip)),
                settings.rate_limit_per_ip,
            ));
        }
        if let Some(account) = account
            && settings.rate_limit_per_account > 0
        {
            keys.push((
                format!(
                    "tidings:rl:{}:account:{}",
                    action.name(),
                    identifier_digest(account)
                ),
                settings.rate_limit_per_account,
            ));
        }
        let mut retry_after = 0;
        for (key, limit) in keys {
            let (count, ttl) = self.increment(&key, window).await;
            if count > limit {
                retry_after = retry_after.max(ttl.max(1));
            }
        }
        if retry_after > 0 {
            tracing::info!(action = action.name(), retry_after, "rate limited");
            return Err(AppError::TooManyRequests {
                retry_after_secs: retry_after,
            });
        }
        Ok(())
    }

    /// The count in the current window after this hit, and the seconds the window has left.
    async fn increment(&self, key: &str, window: u64) -> (u64, u64) {
        if let Some(redis) = &self.shared {
            let owned = key.to_string();
            let counted = redis
                .run(move |mut connection| async move {
                    redis::Script::new(INCREMENT)
                        .key(owned)
                        .arg(window)
                        .invoke_async::<(u64, u64)>(&mut connection)
                        .await
                })
                .await;
            if let Some(counted) = counted {
                return counted;
            }
        }
        self.increment_locally(key, window).await
    }

    async fn increment_locally(&self, key: &str, window: u64) -> (u64, u64) {
        let now = Instant::now();
        let window = Duration::from_secs(window);
        let entry = self
            .local
            .get_with_by_ref(key, async { Arc::new(Mutex::new((now, 0))) })
            .await;
        let mut entry = entry
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        let left = window.saturating_sub(now.duration_since(entry.0));
        (entry.1, left.as_secs().max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_fixed_size_and_normalised() {
        let long = "x".repeat(1_000_000);
        assert_eq!(identifier_digest(&long).len(), 32);
        assert_eq!(identifier_digest(" Alice "), identifier_digest("alice"));
        assert_ne!(identifier_digest("alice"), identifier_digest("bob"));
    }

    #[tokio::test]
    async fn the_local_table_is_bounded() {
        let limiter = RateLimiter::new(60, None);
        for index in 0..(LOCAL_CAPACITY + 5_000) {
            limiter.increment_locally(&format!("k{index}"), 60).await;
        }
        limiter.local.run_pending_tasks().await;
        assert!(limiter.local.entry_count() <= LOCAL_CAPACITY);
    }
}
