//! Where counters are served from, chosen once at start-up (`Counters`): like/collect/comment
//! counts per post and follower/following/post counts per user. The database columns stay the
//! source of truth. With Redis a hash per target is incremented right after the transaction
//! that changed the column commits, and rebuilt from the database when missing; without it the
//! counters are read from the (cached) rows, which writes invalidate instead.
//!
//! Crash safety: a write notes the bumps it will owe in a Redis sorted set *before* its
//! transaction commits (`owe_bumps`), and each bump removes its note in the same script that
//! applies it. A process killed between its commit and its bump leaves a note behind; every
//! process sweeps notes older than `OWED_GRACE` and deletes the hashes they name, so the next
//! read rebuilds them from the database columns. The guarantee: a counter served from Redis is
//! never off for longer than `OWED_GRACE` plus one sweep interval after a crash (and without a
//! crash it is exact, apart from the rebuild race `counters` describes).

use std::collections::HashMap;
use std::time::Duration;

use deadpool_redis::redis;

use std::sync::Arc;

use super::RedisTier;
use crate::telemetry::metrics::Metrics;

/// Hashes expire so that a rare lost increment (see `rebuild`) heals by itself.
const COUNTER_TTL: Duration = Duration::from_secs(3600);

/// How long a process keeps counts it read from Redis in its level 1 (so a page of cards costs
/// no round trip): a bump drops the copy at once in the bumping process and, through the
/// invalidation channel, within milliseconds in the others; this bounds what a lost message or
/// a read racing a bump can leave behind. Readers in other processes may see a count this old.
pub const LOCAL_COUNTS_TTL: Duration = Duration::from_secs(1);
/// The shape of the counts kept in level 1 (see `super::encode`).
pub(super) const LOCAL_COUNTS_VERSION: u16 = 1;

/// The bumps owed by writes in flight: members `<hash key>|<token>`, scored by the time noted.
const OWED_BUMPS: &str = "tidings:counter:owed";
/// A note older than this belongs to a write that will never pay it (its process died).
pub const OWED_GRACE: Duration = Duration::from_secs(30);
/// How often every process looks for such notes.
pub const OWED_SWEEP_INTERVAL: Duration = Duration::from_secs(10);

/// Applies one owed bump (when the hash exists) and clears its note, atomically.
const PAY_BUMP: &str = r#"
redis.call("ZREM", KEYS[2], ARGV[3])
if redis.call("EXISTS", KEYS[1]) == 1 then return redis.call("HINCRBY", KEYS[1], ARGV[1], ARGV[2]) end
return nil
"#;

/// Deletes the hashes named by notes older than ARGV[1] (ms since the epoch) and the notes.
const SWEEP_OWED: &str = r#"
local stale = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", ARGV[1], "LIMIT", 0, 500)
for _, member in ipairs(stale) do
  local key = string.match(member, "^(.*)|[^|]*$")
  if key then redis.call("DEL", key) end
  redis.call("ZREM", KEYS[1], member)
end
return #stale
"#;

/// Bumps a write has promised to make after its commit (see the module note).
#[derive(Debug, Default)]
pub struct OwedBumps {
    token: String,
}

/// Writes a rebuilt hash only if no other process wrote one meanwhile.
const SET_IF_MISSING: &str = r#"
if redis.call("EXISTS", KEYS[1]) == 1 then return 0 end
for i = 2, #ARGV, 2 do redis.call("HSET", KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call("PEXPIRE", KEYS[1], ARGV[1])
return 1
"#;

/// A post's counters: one name for the column, the Redis hash field and `reconcile-counters`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostCounter {
    Likes,
    Collects,
    Comments,
}

impl PostCounter {
    /// The Redis hash field.
    pub fn field(self) -> &'static str {
        match self {
            PostCounter::Likes => "likes",
            PostCounter::Collects => "collects",
            PostCounter::Comments => "comments",
        }
    }
}

/// A user's counters, named once like `PostCounter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserCounter {
    Followers,
    Following,
    Posts,
}

impl UserCounter {
    /// The Redis hash field.
    pub fn field(self) -> &'static str {
        match self {
            UserCounter::Followers => "followers",
            UserCounter::Following => "following",
            UserCounter::Posts => "posts",
        }
    }
}

/// Which counters a hash holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CounterSet {
    Post,
    User,
}

impl CounterSet {
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            CounterSet::Post => &["likes", "collects", "comments"],
            CounterSet::User => &["followers", "following", "posts"],
            // (in the order of `PostCounter` / `UserCounter`; `fields_are_named_once` checks)
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

/// The counter store, chosen once in `AppState::build`.
#[derive(Clone)]
pub enum Counters {
    /// Counts come with the (cached) rows; a write drops the rows' cache keys.
    Columns,
    /// Counts live in Redis hashes shared by every process, bumped after each commit.
    Redis {
        tier: Arc<RedisTier>,
        metrics: Arc<Metrics>,
        /// The level 1 that holds counts briefly (`LOCAL_COUNTS_TTL`).
        local: super::Cache,
    },
}

impl Counters {
    pub fn new(
        redis: Option<Arc<RedisTier>>,
        metrics: Arc<Metrics>,
        local: super::Cache,
    ) -> Counters {
        match redis {
            Some(tier) => {
                let counters = Counters::Redis {
                    tier,
                    metrics,
                    local,
                };
                counters.spawn_owed_bumps_sweeper();
                counters
            }
            None => Counters::Columns,
        }
    }

    fn tier(&self) -> Option<&RedisTier> {
        match self {
            Counters::Columns => None,
            Counters::Redis { tier, .. } => Some(tier),
        }
    }

    /// Deletes every counter hash (they rebuild from the columns); how many, if any are kept.
    pub async fn clear(&self) -> anyhow::Result<u64> {
        match self.tier() {
            Some(tier) => tier.clear_counters().await,
            None => Ok(0),
        }
    }

    /// Before a commit: notes that the write will bump the counter hashes `targets`, so a crash
    /// before the bumps leaves a trace the sweep repairs. If Redis cannot be told, the hashes are
    /// marked stale at once (they are rebuilt rather than trusted).
    pub async fn owe_bumps(&self, targets: &[(CounterSet, i64)]) -> OwedBumps {
        let token = uuid::Uuid::new_v4().simple().to_string();
        let Some(l2) = self.tier() else {
            return OwedBumps { token };
        };
        if targets.is_empty() {
            return OwedBumps { token };
        }
        let now_ms = chrono::Utc::now().timestamp_millis();
        let members: Vec<String> = targets
            .iter()
            .map(|(set, id)| format!("{}|{token}", set.key(*id)))
            .collect();
        let noted: Option<()> = l2
            .run(|mut connection| async move {
                let mut command = redis::cmd("ZADD");
                command.arg(OWED_BUMPS);
                for member in &members {
                    command.arg(now_ms).arg(member);
                }
                command.query_async::<()>(&mut connection).await
            })
            .await;
        if noted.is_none() {
            let keys: Vec<String> = targets.iter().map(|(set, id)| set.key(*id)).collect();
            l2.remember_stale(&keys);
        }
        OwedBumps { token }
    }

    /// After the commit: moves one counter owed by `owed` and clears its note; `false` when the
    /// counts come with the rows (the caller drops the row's cache key instead). If Redis cannot
    /// be told, the hash is marked for deletion when Redis answers again, so it is rebuilt
    /// rather than trusted.
    pub async fn bump(
        &self,
        owed: &OwedBumps,
        set: CounterSet,
        id: i64,
        field: &'static str,
        delta: i64,
    ) -> bool {
        let Some(l2) = self.tier() else {
            return false;
        };
        let key = set.key(id);
        let member = format!("{key}|{}", owed.token);
        let done: Option<()> = l2
            .run(|mut connection| {
                let key = key.clone();
                async move {
                    // Pay the bump, then tell every process to drop its level-1 copy of these
                    // counts (this one does so below).
                    redis::pipe()
                        .cmd("EVAL")
                        .arg(PAY_BUMP)
                        .arg(2)
                        .arg(&key)
                        .arg(OWED_BUMPS)
                        .arg(field)
                        .arg(delta)
                        .arg(member)
                        .ignore()
                        .cmd("PUBLISH")
                        .arg(super::redis_tier::INVALIDATION_CHANNEL)
                        .arg(&key)
                        .ignore()
                        .query_async::<()>(&mut connection)
                        .await
                }
            })
            .await;
        if let Counters::Redis { local, .. } = self {
            local.evict_local(&[key.as_str()]).await;
        }
        if done.is_none() {
            l2.remember_stale(&[key]);
        }
        true
    }

    /// Deletes the counter hashes whose bumps were owed for longer than `grace` (their writer
    /// died between commit and bump); the next read rebuilds them. Returns how many notes it
    /// cleared.
    pub async fn sweep_owed_bumps(&self, grace: Duration) -> Option<u64> {
        let l2 = self.tier()?;
        let before = chrono::Utc::now().timestamp_millis() - grace.as_millis() as i64;
        l2.run(|mut connection| async move {
            redis::Script::new(SWEEP_OWED)
                .key(OWED_BUMPS)
                .arg(before)
                .invoke_async::<u64>(&mut connection)
                .await
        })
        .await
    }

    /// Sweeps owed bumps every `OWED_SWEEP_INTERVAL` for the life of the process (with Redis).
    fn spawn_owed_bumps_sweeper(&self) {
        if self.tier().is_none() {
            return;
        }
        let counters = self.clone();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(OWED_SWEEP_INTERVAL);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                interval.tick().await;
                if let Some(cleared) = counters.sweep_owed_bumps(OWED_GRACE).await
                    && cleared > 0
                {
                    tracing::warn!(
                        cleared,
                        "counter bumps owed by a stopped process; their hashes are rebuilt"
                    );
                }
            }
        });
    }

    /// Counters of many targets, one Redis round trip; hashes that are missing are rebuilt from
    /// `rebuild` (one database query for all of them) and stored for the next reader. `None`
    /// when the counts come with the rows (or Redis does not answer).
    pub async fn read<F, Fut>(
        &self,
        set: CounterSet,
        ids: &[i64],
        rebuild: F,
    ) -> Option<HashMap<i64, Vec<i64>>>
    where
        F: FnOnce(Vec<i64>) -> Fut,
        Fut: std::future::Future<Output = Result<HashMap<i64, Vec<i64>>, crate::error::AppError>>,
    {
        let Counters::Redis {
            tier: l2,
            metrics,
            local,
        } = self
        else {
            return None;
        };
        if ids.is_empty() {
            return Some(HashMap::new());
        }
        let fields = set.fields();
        // Counts read in the last `LOCAL_COUNTS_TTL` come from level 1, without a round trip.
        let mut found = HashMap::with_capacity(ids.len());
        let mut remote = Vec::new();
        for id in ids {
            let held = local
                .peek_l1::<Vec<i64>>(&set.key(*id), LOCAL_COUNTS_VERSION)
                .await;
            match held {
                Some(values) => {
                    metrics.hit("counters", "l1");
                    found.insert(*id, Vec::clone(&values));
                }
                None => remote.push(*id),
            }
        }
        if remote.is_empty() {
            return Some(found);
        }
        let ids = remote.as_slice();
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
        let mut missing = Vec::new();
        for (index, id) in ids.iter().enumerate() {
            match stored.get(index) {
                Some(values) if values.iter().all(Option::is_some) => {
                    let values: Vec<i64> = values.iter().map(|value| value.unwrap_or(0)).collect();
                    local.keep_counts(&keys[index], &values).await;
                    found.insert(*id, values);
                }
                _ => missing.push(*id),
            }
        }
        if missing.is_empty() {
            return Some(found);
        }
        metrics.load("counters");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_once() {
        let post: Vec<&str> = [
            PostCounter::Likes,
            PostCounter::Collects,
            PostCounter::Comments,
        ]
        .map(PostCounter::field)
        .to_vec();
        assert_eq!(post, CounterSet::Post.fields());
        let user: Vec<&str> = [
            UserCounter::Followers,
            UserCounter::Following,
            UserCounter::Posts,
        ]
        .map(UserCounter::field)
        .to_vec();
        assert_eq!(user, CounterSet::User.fields());
    }
}
