//! The two-tier read-through cache: level 1 is moka inside the process (bounded in bytes),
//! level 2 is Redis shared by every process (optional). `get_or_load` is the read-through cache
//! for a function's result or a query: a typed key, and a loader run once on a miss. Only the
//! effects module (after a write commits) and the cache itself call `invalidate`.

pub mod counters;
mod key;
mod redis_tier;

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use moka::Expiry;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use crate::config::Settings;
use crate::error::AppError;
use crate::telemetry::metrics::Metrics;
pub use key::CacheKey;
use redis_tier::Lookup;
pub use redis_tier::RedisTier;

/// A cached value as stored in both tiers: a version prefix, a found/not-found tag, postcard bytes.
#[derive(Clone)]
struct Entry {
    bytes: Arc<[u8]>,
    ttl: Duration,
}

struct EntryExpiry;

impl Expiry<String, Entry> for EntryExpiry {
    fn expire_after_create(
        &self,
        _key: &String,
        value: &Entry,
        _created_at: Instant,
    ) -> Option<Duration> {
        Some(value.ttl)
    }
}

const FOUND: u8 = 1;
const MISSING: u8 = 0;

fn encode<V: Serialize>(version: u16, value: Option<&V>) -> Result<Vec<u8>, AppError> {
    let mut bytes = version.to_be_bytes().to_vec();
    match value {
        Some(value) => {
            bytes.push(FOUND);
            postcard::to_extend(value, bytes).map_err(|error| {
                AppError::Internal(anyhow::anyhow!("encoding a cache value: {error}"))
            })
        }
        None => {
            bytes.push(MISSING);
            Ok(bytes)
        }
    }
}

/// `None` when the bytes are of another version or do not decode: treated as a miss.
fn decode<V: DeserializeOwned>(version: u16, bytes: &[u8]) -> Option<Option<V>> {
    let (head, rest) = bytes.split_at_checked(3)?;
    if head[..2] != version.to_be_bytes() {
        return None;
    }
    match head[2] {
        MISSING => Some(None),
        FOUND => postcard::from_bytes(rest).ok().map(Some),
        _ => None,
    }
}

/// A loader's error as the caller would have had it without the cache (moka shares one error
/// among the callers it made wait): a "not found" or "unavailable" stays what it was.
fn loader_error(error: &AppError) -> AppError {
    match error {
        AppError::NotFound(what) => AppError::NotFound(what),
        AppError::Unavailable(message) => AppError::Unavailable(message.clone()),
        other => AppError::Internal(anyhow::anyhow!("cache loader failed: {other}")),
    }
}

#[derive(Clone)]
pub struct Cache {
    inner: Arc<Inner>,
}

struct Inner {
    l1: Option<moka::future::Cache<String, Entry>>,
    l2: Option<Arc<RedisTier>>,
    /// False while the invalidation subscription is down: level 1 may then be stale, so it is
    /// neither read nor filled until the subscription is back (and level 1 cleared).
    l1_trusted: AtomicBool,
    ttl: Duration,
    negative_ttl: Duration,
    metrics: Arc<Metrics>,
}

impl Cache {
    /// `redis` is the shared level 2 (connected once by `AppState::build`), if configured.
    pub fn build(
        settings: &Settings,
        metrics: Arc<Metrics>,
        redis: Option<Arc<RedisTier>>,
    ) -> Cache {
        let l1 = (settings.cache_l1_bytes > 0).then(|| {
            moka::future::Cache::builder()
                .max_capacity(settings.cache_l1_bytes)
                .weigher(|key: &String, entry: &Entry| {
                    (key.len() + entry.bytes.len() + 64)
                        .try_into()
                        .unwrap_or(u32::MAX)
                })
                .expire_after(EntryExpiry)
                .build()
        });
        let cache = Cache {
            inner: Arc::new(Inner {
                l1,
                l2: redis,
                l1_trusted: AtomicBool::new(true),
                ttl: Duration::from_secs(settings.cache_ttl_secs),
                negative_ttl: Duration::from_secs(settings.cache_negative_ttl_secs),
                metrics,
            }),
        };
        if let Some(l2) = &cache.inner.l2 {
            l2.spawn_invalidation_listener(cache.clone());
        }
        cache
    }

    fn l1(&self) -> Option<&moka::future::Cache<String, Entry>> {
        self.inner
            .l1
            .as_ref()
            .filter(|_| self.inner.l1_trusted.load(Ordering::Acquire))
    }

    /// Reads through both tiers; on a miss runs `loader` once per process for concurrent callers
    /// (and, with Redis, once across processes while a short lock is held), then fills both tiers.
    /// A loader's `None` ("no such row") is cached too, for a shorter time.
    pub async fn get_or_load<K, F, Fut>(
        &self,
        key: &K,
        loader: F,
    ) -> Result<Option<K::Value>, AppError>
    where
        K: CacheKey,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<K::Value>, AppError>>,
    {
        let name = key.cache_key();
        let keyspace = K::KEYSPACE;
        let metrics = &self.inner.metrics;
        if let Some(l1) = self.l1() {
            if let Some(value) = l1
                .get(&name)
                .await
                .and_then(|entry| decode::<K::Value>(K::VERSION, &entry.bytes))
            {
                metrics.hit(keyspace, "l1");
                return Ok(value);
            }
            metrics.miss(keyspace, "l1");
            let this = self.clone();
            let loaded = l1
                .try_get_with(name.clone(), async move {
                    this.load_entry::<K, _, _>(&name, loader).await
                })
                .await
                .map_err(|error| loader_error(&error))?;
            return Ok(decode::<K::Value>(K::VERSION, &loaded.bytes).flatten());
        }
        let entry = self.load_entry::<K, _, _>(&name, loader).await?;
        Ok(decode::<K::Value>(K::VERSION, &entry.bytes).flatten())
    }

    async fn load_entry<K, F, Fut>(&self, name: &str, loader: F) -> Result<Entry, AppError>
    where
        K: CacheKey,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<K::Value>, AppError>>,
    {
        let keyspace = K::KEYSPACE;
        let metrics = &self.inner.metrics;
        let mut lock = None;
        if let Some(l2) = &self.inner.l2 {
            match l2.get_or_lock(name).await {
                Lookup::Found(bytes, ttl) => {
                    // Only accept what this build can read; anything else is a miss and is overwritten.
                    if decode::<K::Value>(K::VERSION, &bytes).is_some() {
                        metrics.hit(keyspace, "l2");
                        return Ok(Entry {
                            bytes: bytes.into(),
                            ttl: K::MAX_AGE
                                .map_or(ttl, |most| ttl.min(most))
                                .min(self.inner.ttl),
                        });
                    }
                    metrics.miss(keyspace, "l2");
                }
                Lookup::Locked(held) => {
                    metrics.miss(keyspace, "l2");
                    lock = Some(held);
                }
                Lookup::Busy => {
                    // Another process is loading this key: wait briefly for its result.
                    metrics.miss(keyspace, "l2");
                    for _ in 0..20 {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        if let Some(entry) = self.l2_entry::<K>(l2, name).await {
                            metrics.hit(keyspace, "l2");
                            return Ok(entry);
                        }
                    }
                }
                Lookup::Unavailable => metrics.miss(keyspace, "l2"),
            }
        }
        metrics.load(keyspace);
        let value = loader().await?;
        let ttl = if value.is_some() {
            self.inner.ttl
        } else {
            self.inner.negative_ttl
        };
        let ttl = K::MAX_AGE.map_or(ttl, |most| ttl.min(most));
        let bytes: Arc<[u8]> = encode(K::VERSION, value.as_ref())?.into();
        if let Some(l2) = &self.inner.l2 {
            l2.set_and_unlock(name, &bytes, ttl, lock).await;
        }
        Ok(Entry { bytes, ttl })
    }

    async fn l2_entry<K: CacheKey>(&self, l2: &RedisTier, name: &str) -> Option<Entry> {
        let (bytes, ttl): (Vec<u8>, Duration) = l2.get(name).await?;
        // Only accept what this build can read; anything else is a miss and gets overwritten.
        decode::<K::Value>(K::VERSION, &bytes)?;
        Some(Entry {
            bytes: bytes.into(),
            ttl: ttl.min(self.inner.ttl),
        })
    }

    /// Batch read-through for list pages: one level-2 round trip for all level-1 misses and one
    /// loader call for what is left, instead of a query per item.
    pub async fn get_many_or_load<K, F, Fut>(
        &self,
        ids: &[i64],
        key: impl Fn(i64) -> K,
        loader: F,
    ) -> Result<HashMap<i64, K::Value>, AppError>
    where
        K: CacheKey,
        F: FnOnce(Vec<i64>) -> Fut,
        Fut: Future<Output = Result<HashMap<i64, K::Value>, AppError>>,
    {
        if let [id] = ids {
            // One item: take the single-flight path, so a burst of requests for one cold post
            // loads it once.
            let id = *id;
            let value = self
                .get_or_load(&key(id), || async move {
                    Ok(loader(vec![id]).await?.remove(&id))
                })
                .await?;
            return Ok(value.map(|value| (id, value)).into_iter().collect());
        }
        let keyspace = K::KEYSPACE;
        let metrics = &self.inner.metrics;
        let mut found = HashMap::with_capacity(ids.len());
        let mut missing: Vec<(i64, String)> = Vec::new();
        for id in ids {
            let name = key(*id).cache_key();
            let cached = match self.l1() {
                Some(l1) => l1.get(&name).await,
                None => None,
            };
            match cached.and_then(|entry| decode::<K::Value>(K::VERSION, &entry.bytes)) {
                Some(value) => {
                    metrics.hit(keyspace, "l1");
                    if let Some(value) = value {
                        found.insert(*id, value);
                    }
                }
                None => {
                    if self.l1().is_some() {
                        metrics.miss(keyspace, "l1");
                    }
                    missing.push((*id, name));
                }
            }
        }
        if missing.is_empty() {
            return Ok(found);
        }
        if let Some(l2) = &self.inner.l2 {
            let names: Vec<&str> = missing.iter().map(|(_, name)| name.as_str()).collect();
            let stored = l2.get_many(&names).await;
            let mut still_missing = Vec::new();
            for ((id, name), bytes) in missing.into_iter().zip(stored) {
                let decoded = bytes.and_then(|bytes: Vec<u8>| {
                    decode::<K::Value>(K::VERSION, &bytes).map(|value| (value, bytes))
                });
                match decoded {
                    Some((value, bytes)) => {
                        metrics.hit(keyspace, "l2");
                        self.fill_l1(&name, bytes.into(), self.inner.ttl).await;
                        if let Some(value) = value {
                            found.insert(id, value);
                        }
                    }
                    None => {
                        metrics.miss(keyspace, "l2");
                        still_missing.push((id, name));
                    }
                }
            }
            missing = still_missing;
        }
        if missing.is_empty() {
            return Ok(found);
        }
        metrics.load(keyspace);
        let mut loaded = loader(missing.iter().map(|(id, _)| *id).collect()).await?;
        let mut writes: Vec<(String, Arc<[u8]>, Duration)> = Vec::with_capacity(missing.len());
        for (id, name) in missing {
            let value = loaded.remove(&id);
            let ttl = if value.is_some() {
                self.inner.ttl
            } else {
                self.inner.negative_ttl
            };
            let bytes: Arc<[u8]> = encode(K::VERSION, value.as_ref())?.into();
            self.fill_l1(&name, bytes.clone(), ttl).await;
            writes.push((name, bytes, ttl));
            if let Some(value) = value {
                found.insert(id, value);
            }
        }
        if let Some(l2) = &self.inner.l2 {
            l2.set_many(&writes).await;
        }
        Ok(found)
    }

    /// A level-1 entry's bytes, if held (and level 1 is trusted).
    async fn peek_l1(&self, name: &str) -> Option<Arc<[u8]>> {
        Some(self.l1()?.get(name).await?.bytes)
    }

    /// Keeps counts read from Redis in level 1 for `counters::LOCAL_COUNTS_TTL`.
    async fn keep_counts(&self, name: &str, values: &Vec<i64>) {
        if self.l1().is_none() {
            return;
        }
        if let Ok(bytes) = encode(counters::LOCAL_COUNTS_VERSION, Some(values)) {
            self.fill_l1(name, bytes.into(), counters::LOCAL_COUNTS_TTL)
                .await;
        }
    }

    async fn fill_l1(&self, name: &str, bytes: Arc<[u8]>, ttl: Duration) {
        if let Some(l1) = self.l1() {
            l1.insert(name.to_string(), Entry { bytes, ttl }).await;
        }
    }

    /// Forgets keys everywhere: this process's level 1, Redis, and (through Redis pub/sub)
    /// every other process's level 1. Call it after the transaction that changed them commits.
    pub async fn invalidate(&self, keys: &[String]) {
        if keys.is_empty() {
            return;
        }
        if let Some(l1) = &self.inner.l1 {
            for key in keys {
                l1.invalidate(key).await;
            }
        }
        if let Some(l2) = &self.inner.l2 {
            l2.delete_and_publish(keys).await;
            // A reader that loaded the old row just before the commit may write it back to Redis
            // after our delete; a second delete shortly after closes that window.
            let cache = self.clone();
            let keys = keys.to_vec();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(500)).await;
                if let Some(l2) = &cache.inner.l2 {
                    l2.delete_and_publish(&keys).await;
                }
            });
        }
    }

    /// Drops one process's level-1 entries named by another process.
    async fn evict_local(&self, keys: &[&str]) {
        if let Some(l1) = &self.inner.l1 {
            for key in keys {
                l1.invalidate(*key).await;
            }
        }
    }

    fn set_l1_trusted(&self, trusted: bool) {
        if let Some(l1) = &self.inner.l1 {
            l1.invalidate_all();
        }
        self.inner.l1_trusted.store(trusted, Ordering::Release);
    }

    /// Whether level 2 (Redis) is configured (`Some`) and answers a PING now (`true`).
    pub async fn redis_ping(&self) -> Option<bool> {
        let l2 = self.inner.l2.as_ref()?;
        let pong: Option<String> = l2
            .run(|mut connection| async move {
                deadpool_redis::redis::cmd("PING")
                    .query_async(&mut connection)
                    .await
            })
            .await;
        Some(pong.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_carry_their_version() {
        let bytes = encode(3, Some(&("hello".to_string(), 7u32))).unwrap_or_default();
        assert_eq!(
            decode::<(String, u32)>(3, &bytes),
            Some(Some(("hello".to_string(), 7)))
        );
        assert_eq!(
            decode::<(String, u32)>(4, &bytes),
            None,
            "another version is a miss"
        );
        let missing = encode::<u8>(3, None).unwrap_or_default();
        assert_eq!(decode::<u8>(3, &missing), Some(None));
    }
}
