//! The typed cache key every cached value is read and written through.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A typed cache key: where it lives, what it holds, and which shape of the value it expects.
pub trait CacheKey {
    type Value: Serialize + DeserializeOwned + Send + Sync + 'static;
    /// The keyspace, also the metrics label.
    const KEYSPACE: &'static str;
    /// Bump when `Value` changes shape: old entries then read as misses instead of garbage.
    const VERSION: u16 = 1;
    /// The longest a value may be kept, whatever the configured TTL: for values another process
    /// may change while no shared Redis tells this one (a `tidings import-feed` beside a
    /// `tidings serve` on the embedded default).
    const MAX_AGE: Option<std::time::Duration> = None;

    fn id(&self) -> String;

    fn cache_key(&self) -> String {
        format!("tidings:{}:{}", Self::KEYSPACE, self.id())
    }
}
