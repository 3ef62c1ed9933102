//! Level 2: Redis through deadpool-redis. Every operation has a short timeout; a failure is a
//! miss (reads) or a skipped step (writes), never an error for the request. The outage is logged
//! once and shown in metrics, and the tier recovers by itself.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use deadpool_redis::redis;
use deadpool_redis::redis::aio::MultiplexedConnection;
use deadpool_redis::{Config, Pool, Runtime};
use futures_util::StreamExt;
use secrecy::{ExposeSecret, SecretString};

use super::Cache;
use crate::config::Settings;
use crate::telemetry::metrics::Metrics;

/// Where writers announce the keys they changed; every process evicts them from its level 1.
pub(super) const INVALIDATION_CHANNEL: &str = "tidings:invalidate";

/// One round trip for a level-2 miss: the value if present, else an attempt at the loader lock.
/// Returns {1, value, pttl} (found), {2, false, 0} (lock taken), {3, false, 0} (someone else loads).
const GET_OR_LOCK_SCRIPT: &str = r#"
local value = redis.call("GET", KEYS[1])
if value then return {1, value, redis.call("PTTL", KEYS[1])} end
if redis.call("SET", KEYS[2], ARGV[1], "NX", "PX", ARGV[2]) then return {2, false, 0} end
return {3, false, 0}
"#;

/// What a level-2 read found.
pub enum Lookup {
    Found(Vec<u8>, Duration),
    /// Missing, and this caller holds the loader lock.
    Locked(Lock),
    /// Missing, and another process is loading it.
    Busy,
    /// Redis did not answer (or is not trusted right now).
    Unavailable,
}

const UNLOCK_SCRIPT: &str = r#"
if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end
"#;

pub struct RedisTier {
    /// Makes (and health-checks) connections. A pooled checkout PINGs first, which would double
    /// every round trip, so requests share one multiplexed connection taken out of the pool and
    /// go back to the pool for a fresh one only after an error.
    pool: Pool,
    shared: std::sync::Mutex<Option<MultiplexedConnection>>,
    client: redis::Client,
    timeout: Duration,
    up: AtomicBool,
    metrics: Arc<Metrics>,
    /// Keys whose invalidation could not reach Redis during an outage. Redis may still hold
    /// their old values, so they are deleted (and announced) first thing when it answers again.
    pending: Arc<std::sync::Mutex<Vec<String>>>,
    /// True from the first missed invalidation until the replay finished: reads skip Redis
    /// meanwhile, since what it holds may be stale.
    suspect: Arc<AtomicBool>,
}

/// How long a loader lock lives if its holder dies before releasing it.
const LOCK_MILLIS: u64 = 2000;

/// Past this many pending keys, recovery clears every Tidings key instead of listing them.
const MAX_PENDING: usize = 100_000;

/// A held cross-process loader lock.
pub struct Lock {
    key: String,
    token: String,
}

impl RedisTier {
    pub async fn connect(
        url: &SecretString,
        settings: &Settings,
        metrics: Arc<Metrics>,
    ) -> anyhow::Result<RedisTier> {
        let fail = |error: &dyn std::fmt::Display| {
            anyhow::anyhow!("cannot connect to Redis set by TIDINGS_REDIS_URL: {error}")
        };
        let pool = Config::from_url(url.expose_secret())
            .create_pool(Some(Runtime::Tokio1))
            .map_err(|error| fail(&error))?;
        let client = redis::Client::open(url.expose_secret()).map_err(|error| fail(&error))?;
        let tier = RedisTier {
            pool,
            shared: std::sync::Mutex::new(None),
            client,
            timeout: Duration::from_millis(settings.redis_timeout_ms),
            up: AtomicBool::new(true),
            metrics,
            pending: Arc::default(),
            suspect: Arc::default(),
        };
        // Fail fast at start-up (with a longer allowance than a request gets).
        let mut connection = tokio::time::timeout(Duration::from_secs(3), tier.pool.get())
            .await
            .map_err(|_| fail(&"timed out"))?
            .map_err(|error| fail(&error))?;
        let _: String = redis::cmd("PING")
            .query_async(&mut connection)
            .await
            .map_err(|error| fail(&error))?;
        tier.metrics.redis_up.set(1);
        Ok(tier)
    }

    /// Runs one Redis round trip under the timeout; `None` on any failure.
    pub async fn run<T, F, Fut>(&self, operation: F) -> Option<T>
    where
        F: FnOnce(MultiplexedConnection) -> Fut,
        Fut: std::future::Future<Output = redis::RedisResult<T>>,
    {
        let started = Instant::now();
        let result = tokio::time::timeout(self.timeout, async {
            let connection = self.connection().await?;
            operation(connection)
                .await
                .map_err(|error| error.to_string())
        })
        .await;
        if !matches!(result, Ok(Ok(_))) {
            // Whatever went wrong, the next operation starts on a fresh connection.
            if let Ok(mut shared) = self.shared.lock() {
                *shared = None;
            }
        }
        self.metrics
            .redis_latency
            .observe(started.elapsed().as_secs_f64());
        match result {
            Ok(Ok(value)) => {
                if !self.up.swap(true, Ordering::AcqRel) {
                    tracing::info!("Redis is answering again");
                    self.metrics.redis_up.set(1);
                    self.replay_pending();
                }
                Some(value)
            }
            Ok(Err(error)) => {
                self.failed(&error);
                None
            }
            Err(_) => {
                self.failed("timed out");
                None
            }
        }
    }

    /// A connection for background work, which wants errors (to retry) rather than fallbacks.
    pub async fn background_connection(&self) -> anyhow::Result<MultiplexedConnection> {
        tokio::time::timeout(Duration::from_secs(5), self.connection())
            .await
            .map_err(|_| anyhow::anyhow!("Redis did not answer within 5 s"))?
            .map_err(|error| anyhow::anyhow!("Redis: {error}"))
    }

    async fn connection(&self) -> Result<MultiplexedConnection, String> {
        if let Some(connection) = self.shared.lock().ok().and_then(|shared| shared.clone()) {
            return Ok(connection);
        }
        let pooled = self.pool.get().await.map_err(|error| error.to_string())?;
        let connection = deadpool_redis::Connection::take(pooled);
        if let Ok(mut shared) = self.shared.lock() {
            *shared = Some(connection.clone());
        }
        Ok(connection)
    }

    fn failed(&self, error: &str) {
        self.metrics.redis_errors.inc();
        if self.up.swap(false, Ordering::AcqRel) {
            // Logged once per outage; the metrics count every failure.
            tracing::warn!(
                error,
                "Redis is not answering; reading through to the database"
            );
            self.metrics.redis_up.set(0);
        }
    }

    fn replay_pending(&self) {
        let keys = match self.pending.lock() {
            Ok(mut pending) => std::mem::take(&mut *pending),
            Err(_) => return,
        };
        if keys.is_empty() {
            return;
        }
        let pool = self.pool.clone();
        let suspect = self.suspect.clone();
        let pending = self.pending.clone();
        tokio::spawn(async move {
            let Ok(mut connection) = pool.get().await else {
                // Put them back; the next successful operation tries again.
                if let Ok(mut pending) = pending.lock() {
                    pending.extend(keys);
                }
                return;
            };
            let result = if keys.len() >= MAX_PENDING {
                flush_all_tidings_keys(&mut connection).await
            } else {
                let mut result = Ok(());
                for chunk in keys.chunks(500) {
                    result = redis::pipe()
                        .cmd("DEL")
                        .arg(chunk)
                        .ignore()
                        .cmd("PUBLISH")
                        .arg(INVALIDATION_CHANNEL)
                        .arg(chunk.join("\n"))
                        .ignore()
                        .query_async::<()>(&mut connection)
                        .await;
                }
                result
            };
            match result {
                Ok(()) => {
                    tracing::info!(
                        keys = keys.len(),
                        "replayed invalidations missed during the Redis outage"
                    );
                    if pending
                        .lock()
                        .map(|pending| pending.is_empty())
                        .unwrap_or(false)
                    {
                        suspect.store(false, Ordering::Release);
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "replaying missed invalidations");
                    if let Ok(mut pending) = pending.lock() {
                        pending.extend(keys);
                    }
                }
            }
        });
    }

    /// Whether reads may trust what Redis holds.
    pub(super) fn readable(&self) -> bool {
        !self.suspect.load(Ordering::Acquire)
    }

    /// Deletes every counter hash (they rebuild from the database); returns how many.
    pub async fn clear_counters(&self) -> anyhow::Result<u64> {
        let mut connection = self.pool.get().await?;
        Ok(delete_matching(&mut connection, "tidings:counter:*").await?)
    }

    pub async fn get(&self, key: &str) -> Option<(Vec<u8>, Duration)> {
        if !self.readable() {
            return None;
        }
        let (bytes, ttl_ms): (Option<Vec<u8>>, i64) = self
            .run(|mut connection| async move {
                redis::pipe()
                    .cmd("GET")
                    .arg(key)
                    .cmd("PTTL")
                    .arg(key)
                    .query_async(&mut connection)
                    .await
            })
            .await?;
        Some((bytes?, Duration::from_millis(ttl_ms.max(1) as u64)))
    }

    pub async fn get_many(&self, keys: &[&str]) -> Vec<Option<Vec<u8>>> {
        if !self.readable() {
            return vec![None; keys.len()];
        }
        let fetched: Option<Vec<Option<Vec<u8>>>> = self
            .run(|mut connection| async move {
                redis::cmd("MGET")
                    .arg(keys)
                    .query_async(&mut connection)
                    .await
            })
            .await;
        fetched.unwrap_or_else(|| vec![None; keys.len()])
    }

    pub async fn set_many(&self, entries: &[(String, std::sync::Arc<[u8]>, Duration)]) {
        self.run(|mut connection| async move {
            let mut pipe = redis::pipe();
            for (key, bytes, ttl) in entries {
                pipe.cmd("SET")
                    .arg(key)
                    .arg(&bytes[..])
                    .arg("PX")
                    .arg(ttl.as_millis().max(1) as u64)
                    .ignore();
            }
            pipe.query_async::<()>(&mut connection).await
        })
        .await;
    }

    /// Reads a key, or takes its loader lock when it is missing, in one round trip.
    pub async fn get_or_lock(&self, key: &str) -> Lookup {
        if !self.readable() {
            return Lookup::Unavailable;
        }
        let lock_key = format!("{key}:lock");
        let token = uuid::Uuid::new_v4().to_string();
        let reply: Option<(i64, Option<Vec<u8>>, i64)> = self
            .run(|mut connection| {
                let (lock_key, token) = (lock_key.clone(), token.clone());
                async move {
                    redis::cmd("EVAL")
                        .arg(GET_OR_LOCK_SCRIPT)
                        .arg(2)
                        .arg(key)
                        .arg(&lock_key)
                        .arg(&token)
                        .arg(LOCK_MILLIS)
                        .query_async(&mut connection)
                        .await
                }
            })
            .await;
        match reply {
            Some((1, Some(bytes), ttl_ms)) => {
                Lookup::Found(bytes, Duration::from_millis(ttl_ms.max(1) as u64))
            }
            Some((2, _, _)) => Lookup::Locked(Lock {
                key: lock_key,
                token,
            }),
            Some(_) => Lookup::Busy,
            None => Lookup::Unavailable,
        }
    }

    /// Stores a loaded value and releases the loader lock, in one round trip.
    pub async fn set_and_unlock(&self, key: &str, bytes: &[u8], ttl: Duration, lock: Option<Lock>) {
        let millis = ttl.as_millis().max(1) as u64;
        self.run(|mut connection| async move {
            let mut pipe = redis::pipe();
            pipe.cmd("SET")
                .arg(key)
                .arg(bytes)
                .arg("PX")
                .arg(millis)
                .ignore();
            if let Some(lock) = &lock {
                pipe.cmd("EVAL")
                    .arg(UNLOCK_SCRIPT)
                    .arg(1)
                    .arg(&lock.key)
                    .arg(&lock.token)
                    .ignore();
            }
            pipe.query_async::<()>(&mut connection).await
        })
        .await;
    }

    pub async fn delete_and_publish(&self, keys: &[String]) {
        let payload = keys.join("\n");
        let done: Option<()> = self
            .run(|mut connection| async move {
                redis::pipe()
                    .cmd("DEL")
                    .arg(keys)
                    .ignore()
                    .cmd("PUBLISH")
                    .arg(INVALIDATION_CHANNEL)
                    .arg(&payload)
                    .ignore()
                    .query_async::<()>(&mut connection)
                    .await
            })
            .await;
        if done.is_none() {
            self.remember_stale(keys);
        } else if self.suspect.load(Ordering::Acquire) {
            self.replay_pending();
        }
    }

    /// Notes keys Redis may hold stale values for; they are deleted when it answers again, and
    /// until then reads do not trust Redis.
    pub(super) fn remember_stale(&self, keys: &[String]) {
        self.suspect.store(true, Ordering::Release);
        if let Ok(mut pending) = self.pending.lock() {
            // Past the cap the replay clears every Tidings key, so the list need not grow.
            if pending.len() < MAX_PENDING {
                pending.extend(keys.iter().cloned());
            }
        }
    }

    /// Publishes `payload` on `channel`; false when Redis did not take it.
    pub async fn publish(&self, channel: &'static str, payload: String) -> bool {
        self.run(|mut connection| {
            let payload = payload.clone();
            async move {
                redis::cmd("PUBLISH")
                    .arg(channel)
                    .arg(payload)
                    .query_async::<()>(&mut connection)
                    .await
            }
        })
        .await
        .is_some()
    }

    /// Delivers every message published on `channel` to `on_message` for as long as the
    /// process lives, resubscribing after a loss; `on_subscribed` runs each time the
    /// subscription (re)starts, since messages sent while it was down are lost.
    pub fn spawn_subscriber(
        &self,
        channel: &'static str,
        on_message: impl Fn(String) + Send + 'static,
        on_subscribed: impl Fn() + Send + 'static,
    ) {
        let client = self.client.clone();
        tokio::spawn(async move {
            loop {
                match client.get_async_pubsub().await {
                    Ok(mut pubsub) => match pubsub.subscribe(channel).await {
                        Ok(()) => {
                            on_subscribed();
                            let mut messages = pubsub.on_message();
                            while let Some(message) = messages.next().await {
                                on_message(message.get_payload().unwrap_or_default());
                            }
                            tracing::warn!(channel, "Redis subscription lost; resubscribing");
                        }
                        Err(error) => tracing::debug!(%error, channel, "subscribing"),
                    },
                    Err(error) => tracing::debug!(%error, channel, "connecting to subscribe"),
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        });
    }

    /// Listens for other processes' invalidations for as long as the process lives. While the
    /// subscription is down level 1 is bypassed, and it is cleared when the subscription returns,
    /// since messages sent meanwhile were lost.
    pub fn spawn_invalidation_listener(&self, cache: Cache) {
        let client = self.client.clone();
        tokio::spawn(async move {
            let mut announced_loss = false;
            loop {
                match client.get_async_pubsub().await {
                    Ok(mut pubsub) => match pubsub.subscribe(INVALIDATION_CHANNEL).await {
                        Ok(()) => {
                            cache.set_l1_trusted(true);
                            if announced_loss {
                                tracing::info!(
                                    "cache invalidation subscription restored; level 1 cleared"
                                );
                                announced_loss = false;
                            }
                            let mut messages = pubsub.on_message();
                            while let Some(message) = messages.next().await {
                                let payload: String = message.get_payload().unwrap_or_default();
                                let keys: Vec<&str> =
                                    payload.split('\n').filter(|key| !key.is_empty()).collect();
                                cache.evict_local(&keys).await;
                            }
                        }
                        Err(error) => tracing::debug!(%error, "subscribing to cache invalidations"),
                    },
                    Err(error) => tracing::debug!(%error, "connecting for cache invalidations"),
                }
                cache.set_l1_trusted(false);
                if !announced_loss {
                    tracing::warn!(
                        "cache invalidation subscription lost; level 1 bypassed until it returns"
                    );
                    announced_loss = true;
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        });
    }
}

/// Deletes every `tidings:*` key (SCAN, not KEYS, so Redis keeps serving meanwhile).
async fn flush_all_tidings_keys(
    connection: &mut deadpool_redis::Connection,
) -> redis::RedisResult<()> {
    delete_matching(connection, "tidings:*").await.map(|_| ())
}

/// Deletes the keys matching `pattern`; returns how many.
pub async fn delete_matching(
    connection: &mut deadpool_redis::Connection,
    pattern: &str,
) -> redis::RedisResult<u64> {
    let mut deleted = 0;
    let mut cursor: u64 = 0;
    loop {
        let (next, keys): (u64, Vec<String>) = redis::cmd("SCAN")
            .arg(cursor)
            .arg("MATCH")
            .arg(pattern)
            .arg("COUNT")
            .arg(1000)
            .query_async(connection)
            .await?;
        if !keys.is_empty() {
            deleted += redis::cmd("DEL")
                .arg(&keys)
                .query_async::<u64>(connection)
                .await?;
        }
        if next == 0 {
            return Ok(deleted);
        }
        cursor = next;
    }
}
