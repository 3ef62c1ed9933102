//! Home timelines as Redis sorted sets: member and score are the post id, so newest-first order
//! and the id cursor come for free. A sentinel member `0` (score 0) marks a timeline as built:
//! fan-out only touches built timelines, and a missing one is rebuilt from SQL on its next read.

use deadpool_redis::redis;
use deadpool_redis::redis::aio::MultiplexedConnection;

/// Timelines unread for this long expire; the next read rebuilds them.
pub const TIMELINE_TTL_MILLIS: u64 = 14 * 24 * 3600 * 1000;

pub fn timeline_key(user_id: i64) -> String {
    format!("tidings:timeline:{user_id}")
}

/// Per timeline: the newest post id already pushed from each followed author, so a repeated
/// backfill pulls only what is new.
fn pushed_key(user_id: i64) -> String {
    format!("tidings:timeline:{user_id}:pushed")
}

/// {-1} when the timeline is not built; else {entries, id, id, …} newest first, below ARGV[1].
const READ_SCRIPT: &str = r#"
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
local ids = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[1], '(0', 'LIMIT', 0, tonumber(ARGV[2]))
local out = {redis.call('ZCARD', KEYS[1]) - 1}
for i, id in ipairs(ids) do out[i + 1] = tonumber(id) end
return out
"#;

/// Adds post ARGV[1] to every built timeline in KEYS, each trimmed to its ARGV[2] newest posts
/// (rank 0 is the sentinel, so the trim starts at rank 1). Returns how many it reached.
const PUSH_SCRIPT: &str = r#"
local cap = tonumber(ARGV[2])
local reached = 0
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    redis.call('ZADD', key, ARGV[1], ARGV[1])
    redis.call('ZREMRANGEBYRANK', key, 1, -(cap + 1))
    reached = reached + 1
  end
end
return reached
"#;

/// Adds posts ARGV[3..] to the built timeline KEYS[1], trims it to ARGV[1] posts and records
/// ARGV[2] (an author id, or "" for none) as pushed up to the newest of them.
const BACKFILL_SCRIPT: &str = r#"
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local cap = tonumber(ARGV[1])
local newest = 0
for i = 3, #ARGV do
  redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i])
  if tonumber(ARGV[i]) > newest then newest = tonumber(ARGV[i]) end
end
redis.call('ZREMRANGEBYRANK', KEYS[1], 1, -(cap + 1))
if ARGV[2] ~= '' and newest > 0 then
  redis.call('HSET', KEYS[2], ARGV[2], newest)
  redis.call('PEXPIRE', KEYS[2], redis.call('PTTL', KEYS[1]))
end
return 1
"#;

/// What a timeline read found.
pub enum Read {
    NotBuilt,
    /// Post ids newest first, and how many posts the timeline holds in all.
    Page {
        ids: Vec<i64>,
        entries: u64,
    },
}

pub async fn read(
    mut connection: MultiplexedConnection,
    user_id: i64,
    before: Option<i64>,
    count: u64,
) -> redis::RedisResult<Read> {
    let max = match before {
        Some(id) => format!("({id}"),
        None => "+inf".to_string(),
    };
    let reply: Vec<i64> = redis::Script::new(READ_SCRIPT)
        .key(timeline_key(user_id))
        .arg(max)
        .arg(count)
        .arg(TIMELINE_TTL_MILLIS)
        .invoke_async(&mut connection)
        .await?;
    Ok(match reply.split_first() {
        Some((&entries, ids)) if entries >= 0 => Read::Page {
            ids: ids.to_vec(),
            entries: entries as u64,
        },
        _ => Read::NotBuilt,
    })
}

/// Marks the timeline as built (empty). Called before reading the rows that fill it, so a post
/// committed after that read is pushed by its fan-out instead of being missed.
pub async fn start_build(
    connection: &mut MultiplexedConnection,
    user_id: i64,
) -> redis::RedisResult<()> {
    redis::pipe()
        .atomic()
        .del(pushed_key(user_id))
        .zadd(timeline_key(user_id), 0, 0)
        .cmd("PEXPIRE")
        .arg(timeline_key(user_id))
        .arg(TIMELINE_TTL_MILLIS)
        .query_async(connection)
        .await
}

/// Adds `post_ids` to a built timeline; with `author`, remembers them as pushed from that author.
pub async fn add(
    connection: &mut MultiplexedConnection,
    user_id: i64,
    author: Option<i64>,
    post_ids: &[i64],
    cap: u64,
) -> redis::RedisResult<bool> {
    if post_ids.is_empty() {
        return Ok(true);
    }
    let script = redis::Script::new(BACKFILL_SCRIPT);
    let mut invocation = script.prepare_invoke();
    invocation
        .key(timeline_key(user_id))
        .key(pushed_key(user_id))
        .arg(cap)
        .arg(author.map(|id| id.to_string()).unwrap_or_default());
    for id in post_ids {
        invocation.arg(*id);
    }
    let built: i64 = invocation.invoke_async(connection).await?;
    Ok(built == 1)
}

/// Which post of `author` this timeline already holds up to.
pub async fn pushed_up_to(
    connection: &mut MultiplexedConnection,
    user_id: i64,
    author: i64,
) -> redis::RedisResult<i64> {
    let value: Option<i64> = redis::cmd("HGET")
        .arg(pushed_key(user_id))
        .arg(author)
        .query_async(connection)
        .await?;
    Ok(value.unwrap_or(0))
}

/// Pushes one post into the built timelines of `followers`; returns how many it reached.
pub async fn push(
    connection: &mut MultiplexedConnection,
    followers: &[i64],
    post_id: i64,
    cap: u64,
) -> redis::RedisResult<u64> {
    if followers.is_empty() {
        return Ok(0);
    }
    let script = redis::Script::new(PUSH_SCRIPT);
    let mut invocation = script.prepare_invoke();
    for follower in followers {
        invocation.key(timeline_key(*follower));
    }
    invocation.arg(post_id).arg(cap);
    invocation.invoke_async(connection).await
}

/// Removes posts from one timeline and forgets what was pushed from `author`.
pub async fn remove_author(
    connection: &mut MultiplexedConnection,
    user_id: i64,
    author: i64,
    post_ids: &[i64],
) -> redis::RedisResult<()> {
    let mut pipe = redis::pipe();
    pipe.hdel(pushed_key(user_id), author).ignore();
    if !post_ids.is_empty() {
        pipe.zrem(timeline_key(user_id), post_ids).ignore();
    }
    pipe.query_async(connection).await
}

/// Removes one post from the timelines of `followers`.
pub async fn remove_post(
    connection: &mut MultiplexedConnection,
    followers: &[i64],
    post_id: i64,
) -> redis::RedisResult<()> {
    let mut pipe = redis::pipe();
    for follower in followers {
        pipe.zrem(timeline_key(*follower), post_id).ignore();
    }
    pipe.query_async(connection).await
}
