//! The two-tier read-through cache: level 1 is moka inside the process (bounded in bytes),
//! level 2 is Redis shared by every process (optional). `get_or_load` is the read-through cache
//! for a function's result or a query: a typed key, and a loader run once on a miss. Only the
//! effects module (after a write commits) and the cache itself call `invalidate`.

pub mod counters;
mod key;
mod redis_tier;

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
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
/// In level 1 it also carries the value decoded once, on its first read in this process, and
/// shared by every reader after that (decoding the same bytes on every read showed in the
/// profile of a warm card page; a viewer's sets are thousands of ids). The decoded copy lives
/// exactly as long as the entry, so whatever drops the key drops it too.
#[derive(Clone)]
struct Entry {
    bytes: Arc<[u8]>,
    ttl: Duration,
    /// When this process stored the entry.
    filled_at: Instant,
    decoded: Arc<OnceLock<Arc<dyn Any + Send + Sync>>>,
}

/// What an entry decodes to: `None` for bytes of another version (a miss), else the value or a
/// cached "not found".
type Decoded<V> = Option<Option<Arc<V>>>;

impl Entry {
    fn new(bytes: Arc<[u8]>, ttl: Duration) -> Entry {
        Entry {
            bytes,
            ttl,
            filled_at: Instant::now(),
            decoded: Arc::default(),
        }
    }

    fn value<V: DeserializeOwned + Send + Sync + 'static>(&self, version: u16) -> Decoded<V> {
        let decoded = self.decoded.get_or_init(|| {
            let value: Decoded<V> =
                decode::<V>(version, &self.bytes).map(|found| found.map(Arc::new));
            Arc::new(value)
        });
        // One key is only ever read as one type; anything else reads as a miss.
        decoded.downcast_ref::<Decoded<V>>().cloned().flatten()
    }
}

/// Level 1 counts an entry at this many times its encoded size: the bytes, and the decoded value
/// held beside them (strings and vectors take more room decoded than as postcard varints).
const L1_WEIGHT_FACTOR: usize = 3;

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

/// The longest a prepared value (see [`Cache::prepared`]) is served.
pub const PREPARED_MAX_AGE: Duration = Duration::from_secs(1);

/// What a prepared value may be built from and made stale by: a `(kind, id)` the read model
/// names (a post, a user), and which keys' invalidation touches which (`Cache::depend_with`).
pub type Dependency = (u8, i64);

/// Slots of the table of when each dependency last changed (hashed; a collision only costs a
/// rebuild). 8 bytes each.
const STAMP_SLOTS: usize = 1 << 16;

/// A value prepared from cached ones (see [`Cache::prepared`]): when, and the change counter
/// it was built after.
pub struct Prepared<T> {
    pub value: Arc<T>,
    pub built_at: Instant,
    pub seq: u64,
}

#[derive(Clone)]
struct PreparedEntry {
    value: Arc<dyn Any + Send + Sync>,
    built_at: Instant,
    seq: u64,
    weight: u32,
}

/// A value read through the cache, shared with level 1, and when this process stored it.
pub struct Shared<V> {
    pub value: Option<Arc<V>>,
    pub filled_at: Instant,
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
    /// Values prepared from level-1 values (rendered pages), in this process only.
    prepared: Option<moka::future::Cache<u64, PreparedEntry>>,
    /// Counts invalidations that touched a dependency.
    seq: AtomicU64,
    /// For each dependency slot, `seq` after the last invalidation that touched it.
    stamps: Box<[AtomicU64]>,
    /// Which dependency an invalidated key touches (set once by the read model).
    dependency_of: OnceLock<fn(&str) -> Option<Dependency>>,
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
                    (key.len() + entry.bytes.len() * L1_WEIGHT_FACTOR + 96)
                        .try_into()
                        .unwrap_or(u32::MAX)
                })
                .expire_after(EntryExpiry)
                .build()
        });
        let prepared = (settings.cache_l1_bytes > 0).then(|| {
            moka::future::Cache::builder()
                .max_capacity((settings.cache_l1_bytes / 8).min(64 << 20))
                .weigher(|_key: &u64, entry: &PreparedEntry| entry.weight)
                .time_to_live(PREPARED_MAX_AGE)
                .build()
        });
        let cache = Cache {
            inner: Arc::new(Inner {
                l1,
                l2: redis,
                l1_trusted: AtomicBool::new(true),
                stamps: if prepared.is_some() {
                    (0..STAMP_SLOTS).map(|_| AtomicU64::new(0)).collect()
                } else {
                    Box::default()
                },
                prepared,
                seq: AtomicU64::new(0),
                dependency_of: OnceLock::new(),
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
        K::Value: Clone,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<K::Value>, AppError>>,
    {
        Ok(self
            .get_shared(key, loader)
            .await?
            .value
            .map(Arc::unwrap_or_clone))
    }

    /// As [`Cache::get_or_load`], without copying the value out of level 1, and with when this
    /// process stored it (now, without level 1): a value stored after a write's invalidation
    /// reached this process reflects that write.
    pub async fn get_shared<K, F, Fut>(
        &self,
        key: &K,
        loader: F,
    ) -> Result<Shared<K::Value>, AppError>
    where
        K: CacheKey,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<K::Value>, AppError>>,
    {
        let name = key.cache_key();
        let keyspace = K::KEYSPACE;
        let metrics = &self.inner.metrics;
        if let Some(l1) = self.l1() {
            if let Some(entry) = l1.get(&name).await
                && let Some(value) = entry.value::<K::Value>(K::VERSION)
            {
                metrics.hit(keyspace, "l1");
                return Ok(Shared {
                    value,
                    filled_at: entry.filled_at,
                });
            }
            metrics.miss(keyspace, "l1");
            let this = self.clone();
            let loaded = l1
                .try_get_with(name.clone(), async move {
                    this.load_entry::<K, _, _>(&name, loader).await
                })
                .await
                .map_err(|error| loader_error(&error))?;
            return Ok(Shared {
                value: loaded.value::<K::Value>(K::VERSION).flatten(),
                filled_at: loaded.filled_at,
            });
        }
        let entry = self.load_entry::<K, _, _>(&name, loader).await?;
        Ok(Shared {
            value: entry.value::<K::Value>(K::VERSION).flatten(),
            filled_at: entry.filled_at,
        })
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
                        return Ok(Entry::new(
                            bytes.into(),
                            K::MAX_AGE
                                .map_or(ttl, |most| ttl.min(most))
                                .min(self.inner.ttl),
                        ));
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
        Ok(Entry::new(bytes, ttl))
    }

    async fn l2_entry<K: CacheKey>(&self, l2: &RedisTier, name: &str) -> Option<Entry> {
        let (bytes, ttl): (Vec<u8>, Duration) = l2.get(name).await?;
        // Only accept what this build can read; anything else is a miss and gets overwritten.
        decode::<K::Value>(K::VERSION, &bytes)?;
        Some(Entry::new(bytes.into(), ttl.min(self.inner.ttl)))
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
        K::Value: Clone,
        F: FnOnce(Vec<i64>) -> Fut,
        Fut: Future<Output = Result<HashMap<i64, K::Value>, AppError>>,
    {
        Ok(self
            .get_many_shared(ids, key, loader)
            .await?
            .into_iter()
            .map(|(id, value)| (id, Arc::unwrap_or_clone(value)))
            .collect())
    }

    /// As [`Cache::get_many_or_load`], without copying the values out of level 1.
    pub async fn get_many_shared<K, F, Fut>(
        &self,
        ids: &[i64],
        key: impl Fn(i64) -> K,
        loader: F,
    ) -> Result<HashMap<i64, Arc<K::Value>>, AppError>
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
                .get_shared(&key(id), || async move {
                    Ok(loader(vec![id]).await?.remove(&id))
                })
                .await?
                .value;
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
            match cached.and_then(|entry| entry.value::<K::Value>(K::VERSION)) {
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
                    let entry = Entry::new(bytes.into(), self.inner.ttl);
                    entry
                        .value::<K::Value>(K::VERSION)
                        .map(|value| (value, entry))
                });
                match decoded {
                    Some((value, entry)) => {
                        metrics.hit(keyspace, "l2");
                        self.fill_l1_entry(&name, entry).await;
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
            let entry = Entry::new(bytes.clone(), ttl);
            // Read back through the entry, as every later reader will, so this caller sees what
            // the cache holds.
            let shared = entry.value::<K::Value>(K::VERSION).flatten();
            self.fill_l1_entry(&name, entry).await;
            writes.push((name, bytes, ttl));
            if let Some(value) = shared {
                found.insert(id, value);
            }
        }
        if let Some(l2) = &self.inner.l2 {
            l2.set_many(&writes).await;
        }
        Ok(found)
    }

    /// A level-1 entry's value, if held (and level 1 is trusted), decoded once.
    async fn peek_l1<V: DeserializeOwned + Send + Sync + 'static>(
        &self,
        name: &str,
        version: u16,
    ) -> Option<Arc<V>> {
        self.l1()?.get(name).await?.value::<V>(version).flatten()
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
        self.fill_l1_entry(name, Entry::new(bytes, ttl)).await;
    }

    async fn fill_l1_entry(&self, name: &str, entry: Entry) {
        if let Some(l1) = self.l1() {
            l1.insert(name.to_string(), entry).await;
        }
    }

    /// Tells the cache which dependency an invalidated key touches (once, at start-up).
    pub fn depend_with(&self, dependency_of: fn(&str) -> Option<Dependency>) {
        let _ = self.inner.dependency_of.set(dependency_of);
    }

    /// Whether prepared values are kept (level 1 is on and trusted).
    pub fn holds_prepared(&self) -> bool {
        self.l1().is_some() && self.inner.prepared.is_some()
    }

    /// The change counter to pass to [`Cache::keep_prepared`]: read it before reading what the
    /// value is prepared from, so a change in between makes the value stale, never lost.
    pub fn prepared_seq(&self) -> u64 {
        self.inner.seq.load(Ordering::SeqCst)
    }

    /// Whether none of `dependencies` changed after `seq` (in this process, or in another one
    /// whose invalidation has arrived).
    pub fn unchanged_since(
        &self,
        seq: u64,
        dependencies: impl IntoIterator<Item = Dependency>,
    ) -> bool {
        let stamps = &self.inner.stamps;
        if stamps.is_empty() {
            return false;
        }
        dependencies
            .into_iter()
            .all(|dependency| stamps[stamp_slot(dependency)].load(Ordering::SeqCst) <= seq)
    }

    /// A value prepared from cached values under `key` (a hash the caller chooses; the caller
    /// checks that it is the value it asked for, and with [`Cache::unchanged_since`] that what
    /// it was built from has not changed): held in this process only, for at most
    /// `PREPARED_MAX_AGE`.
    pub async fn prepared<T: Send + Sync + 'static>(&self, key: u64) -> Option<Prepared<T>> {
        self.l1()?;
        let entry = self.inner.prepared.as_ref()?.get(&key).await?;
        Some(Prepared {
            value: entry.value.downcast::<T>().ok()?,
            built_at: entry.built_at,
            seq: entry.seq,
        })
    }

    /// Keeps a prepared value built from values read after `seq` was taken.
    pub async fn keep_prepared<T: Send + Sync + 'static>(
        &self,
        key: u64,
        prepared: &Prepared<T>,
        weight: usize,
    ) {
        if self.l1().is_none() {
            return;
        }
        if let Some(held) = &self.inner.prepared {
            let entry = PreparedEntry {
                value: prepared.value.clone(),
                built_at: prepared.built_at,
                seq: prepared.seq,
                weight: weight.try_into().unwrap_or(u32::MAX),
            };
            held.insert(key, entry).await;
        }
    }

    /// Stamps the dependencies `keys` touch, after their level-1 copies are gone: a value
    /// prepared from what they held is then refused.
    fn stamp<'k>(&self, keys: impl Iterator<Item = &'k str>) {
        let Some(dependency_of) = self.inner.dependency_of.get() else {
            return;
        };
        if self.inner.stamps.is_empty() {
            return;
        }
        for key in keys {
            if let Some(dependency) = dependency_of(key) {
                let seq = self.inner.seq.fetch_add(1, Ordering::SeqCst) + 1;
                self.inner.stamps[stamp_slot(dependency)].fetch_max(seq, Ordering::SeqCst);
            }
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
        // After the level-1 drops: a value prepared from what they dropped is refused.
        self.stamp(keys.iter().map(String::as_str));
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
                    cache.stamp(keys.iter().map(String::as_str));
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
        self.stamp(keys.iter().copied());
    }

    fn set_l1_trusted(&self, trusted: bool) {
        if let Some(l1) = &self.inner.l1 {
            l1.invalidate_all();
        }
        if let Some(prepared) = &self.inner.prepared {
            prepared.invalidate_all();
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

fn stamp_slot((kind, id): Dependency) -> usize {
    // Fibonacci hashing spreads neighbouring ids over the table.
    let mixed = (id as u64 ^ (u64::from(kind) << 56)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> (64 - STAMP_SLOTS.trailing_zeros())) as usize
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
