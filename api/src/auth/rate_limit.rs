//! Abuse limits for the account endpoints: fixed windows counted per IP address and per
//! account or email address. With Redis the count is shared by every process (INCR + EXPIRE in
//! one script); without it, or while Redis does not answer, each process counts on its own.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use deadpool_redis::redis;

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
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Login => "login",
            Action::Register => "register",
            Action::ForgotPassword => "forgot",
            Action::ResendConfirmation => "resend",
            Action::AvatarUpload => "avatar",
        }
    }
}

/// Past this many keys the in-process map drops expired windows.
const PRUNE_AT: usize = 10_000;

const INCREMENT: &str = r"
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
";

#[derive(Default)]
pub struct RateLimiter {
    local: Mutex<HashMap<String, (Instant, u64)>>,
}

impl RateLimiter {
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
                format!("tidings:rl:{}:ip:{ip}", action.name()),
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
                    account.trim().to_lowercase()
                ),
                settings.rate_limit_per_account,
            ));
        }
        let mut retry_after = 0;
        for (key, limit) in keys {
            let (count, ttl) = self.increment(state, &key, window).await;
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
    async fn increment(&self, state: &AppState, key: &str, window: u64) -> (u64, u64) {
        if let Some(redis) = state.cache.redis() {
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
        self.increment_locally(key, window)
    }

    fn increment_locally(&self, key: &str, window: u64) -> (u64, u64) {
        let now = Instant::now();
        let window = Duration::from_secs(window);
        let mut map = self
            .local
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if map.len() > PRUNE_AT {
            map.retain(|_, (started, _)| now.duration_since(*started) < window);
        }
        let entry = map.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        let left = window.saturating_sub(now.duration_since(entry.0));
        (entry.1, left.as_secs().max(1))
    }
}
