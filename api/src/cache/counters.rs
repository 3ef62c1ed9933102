//! Counters served from Redis: like/collect/comment counts per post and follower/following/post
//! counts per user. The database columns stay the source of truth;
//! Redis holds a hash per target, incremented right after the transaction that changed the
//! column commits, and rebuilt from the database when missing. Without Redis the counters are
//! read from the (cached) rows, which writes invalidate instead.

use std::collections::HashMap;
use std::time::Duration;

use deadpool_redis::redis;

use super::Cache;

/// Hashes expire so that a rare lost increment (see `rebuild`) heals by itself.
const COUNTER_TTL: Duration = Duration::from_secs(3600);

/// Adds to a field only when the hash exists: a missing hash is rebuilt from the database on
/// the next read, never started from zero by an increment.
const BUMP_IF_EXISTS: &str = r#"
if redis.call("EXISTS", KEYS[1]) == 1 then return redis.call("HINCRBY", KEYS[1], ARGV[1], ARGV[2]) end
return nil
"#;

/// Writes a rebuilt hash only if no other process wrote one meanwhile.
const SET_IF_MISSING: &str = r#"
if redis.call("EXISTS", KEYS[1]) == 1 then return 0 end
for i = 2, #ARGV, 2 do redis.call("HSET", KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call("PEXPIRE", KEYS[1], ARGV[1])
return 1
"#;

/// Which counters a hash holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterSet {
    Post,
    User,
}

impl CounterSet {
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            CounterSet::Post => &["likes", "collects", "comments"],
            CounterSet::User => &["followers", "following", "posts"],
        }
    }

    /// The one place counter key names are built.
    pub fn key(self, id: i64) -> String {
        let kind = match self {
            CounterSet::Post => "post",
            CounterSet::User => "user",
        };
        format!("tidings:counter:{kind}:{id}")
    }
}

impl Cache {
    /// Whether counters are kept in Redis (else they come from the rows).
    pub fn counters_in_redis(&self) -> bool {
        self.inner.l2.is_some()
    }

    /// After a commit: moves one counter. If Redis cannot be told, the hash is marked for
    /// deletion when Redis answers again, so it is rebuilt rather than trusted.
    pub async fn bump_counter(&self, set: CounterSet, id: i64, field: &'static str, delta: i64) {
        let Some(l2) = &self.inner.l2 else {
            return;
        };
        let key = set.key(id);
        let done: Option<Option<i64>> = l2
            .run(|mut connection| {
                let key = key.clone();
                async move {
                    redis::Script::new(BUMP_IF_EXISTS)
                        .key(&key)
                        .arg(field)
                        .arg(delta)
                        .invoke_async(&mut connection)
                        .await
                }
            })
            .await;
        if done.is_none() {
            l2.remember_stale(&[key]);
        }
    }

    /// Counters of many targets, one Redis round trip; hashes that are missing are rebuilt from
    /// `rebuild` (one database query for all of them) and stored for the next reader.
    pub async fn counters<F, Fut>(
        &self,
        set: CounterSet,
        ids: &[i64],
        rebuild: F,
    ) -> Option<HashMap<i64, Vec<i64>>>
    where
        F: FnOnce(Vec<i64>) -> Fut,
        Fut: std::future::Future<Output = Result<HashMap<i64, Vec<i64>>, crate::error::AppError>>,
    {
        let l2 = self.inner.l2.as_ref()?;
        if ids.is_empty() {
            return Some(HashMap::new());
        }
        let fields = set.fields();
        let keys: Vec<String> = ids.iter().map(|id| set.key(*id)).collect();
        let stored: Vec<Vec<Option<i64>>> = if l2.readable() {
            l2.run(|mut connection| {
                let keys = keys.clone();
                async move {
                    let mut pipe = redis::pipe();
                    for key in &keys {
                        pipe.cmd("HMGET").arg(key).arg(fields);
                    }
                    pipe.query_async(&mut connection).await
                }
            })
            .await
            .unwrap_or_default()
        } else {
            Vec::new()
        };
        let mut found = HashMap::with_capacity(ids.len());
        let mut missing = Vec::new();
        for (index, id) in ids.iter().enumerate() {
            match stored.get(index) {
                Some(values) if values.iter().all(Option::is_some) => {
                    found.insert(*id, values.iter().map(|value| value.unwrap_or(0)).collect());
                }
                _ => missing.push(*id),
            }
        }
        if missing.is_empty() {
            return Some(found);
        }
        self.inner.metrics.load("counters");
        let rebuilt = rebuild(missing).await.ok()?;
        let writes: Vec<(String, Vec<i64>)> = rebuilt
            .iter()
            .map(|(id, values)| (set.key(*id), values.clone()))
            .collect();
        l2.run(|mut connection| async move {
            let mut pipe = redis::pipe();
            for (key, values) in &writes {
                let command = pipe
                    .cmd("EVAL")
                    .arg(SET_IF_MISSING)
                    .arg(1)
                    .arg(key)
                    .arg(COUNTER_TTL.as_millis() as u64);
                for (field, value) in fields.iter().zip(values) {
                    command.arg(*field).arg(*value);
                }
                command.ignore();
            }
            pipe.query_async::<()>(&mut connection).await
        })
        .await;
        found.extend(rebuilt);
        Some(found)
    }
}
