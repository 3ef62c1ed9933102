//! Live signals: "something changed for user N", delivered to every process holding a stream
//! for that user — through Redis pub/sub when Redis is configured, in process otherwise. A
//! signal carries no data: the database is the truth, and a woken stream reads what is new, so
//! a lost signal delays an event and never loses one.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::{Notify, watch};

use crate::cache::RedisTier;
use crate::domain::ids::UserId;

const CHANNEL: &str = "tidings:live";

#[derive(Clone)]
pub struct Live {
    inner: Arc<Inner>,
}

struct Inner {
    /// One version counter per user with a stream in this process; a stream waits for it to
    /// change. Entries go when their last stream ends.
    watchers: Mutex<HashMap<i64, Watchers>>,
    redis: Option<Arc<RedisTier>>,
    /// Streams open in this process.
    open: AtomicUsize,
    next_stream: AtomicU64,
}

/// One user's streams in this process: the signal they share, and each one's way to be told
/// to end, oldest first.
struct Watchers {
    signal: watch::Sender<u64>,
    streams: VecDeque<(u64, Arc<Notify>)>,
}

/// Why a stream was not opened: the process holds its maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full;

/// An open stream's place: its signal receiver, and the notice that a newer stream of the same
/// person took its place; dropping it frees the place.
pub struct Watching {
    live: Live,
    user: UserId,
    id: u64,
    pub changes: watch::Receiver<u64>,
    pub replaced: Arc<Notify>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        self.live.inner.open.fetch_sub(1, Ordering::AcqRel);
        let mut watchers = self.live.lock();
        if let Some(user) = watchers.get_mut(&self.user.get()) {
            user.streams.retain(|(id, _)| *id != self.id);
            if user.streams.is_empty() {
                watchers.remove(&self.user.get());
            }
        }
    }
}

impl Live {
    pub fn new(redis: Option<Arc<RedisTier>>) -> Live {
        let live = Live {
            inner: Arc::new(Inner {
                watchers: Mutex::new(HashMap::new()),
                redis,
                open: AtomicUsize::new(0),
                next_stream: AtomicU64::new(0),
            }),
        };
        if let Some(redis) = &live.inner.redis {
            let on_message = live.clone();
            let on_subscribed = live.clone();
            redis.spawn_subscriber(
                CHANNEL,
                move |payload| {
                    let users: Vec<i64> = payload
                        .split(',')
                        .filter_map(|id| id.parse().ok())
                        .collect();
                    on_message.wake_local(&users);
                },
                // Signals sent while unsubscribed are lost: every stream looks again.
                move || on_subscribed.wake_all_local(),
            );
        }
        live
    }

    /// Takes a place for a stream of `user`, whose receiver changes whenever `user` is
    /// signalled: at most `max_open` in the process. Past `max_per_user` streams of one person
    /// the oldest is told to end: a reloaded tab's old stream may not have noticed its client
    /// left yet (that shows at its next heartbeat), and must not keep the new one out.
    pub fn watch(
        &self,
        user: UserId,
        max_open: usize,
        max_per_user: usize,
    ) -> Result<Watching, Full> {
        if self.inner.open.fetch_add(1, Ordering::AcqRel) >= max_open {
            self.inner.open.fetch_sub(1, Ordering::AcqRel);
            return Err(Full);
        }
        let mut watchers = self.lock();
        let entry = watchers.entry(user.get()).or_insert_with(|| Watchers {
            signal: watch::channel(0).0,
            streams: VecDeque::new(),
        });
        while entry.streams.len() >= max_per_user.max(1) {
            if let Some((_, oldest)) = entry.streams.pop_front() {
                oldest.notify_one();
            }
        }
        let id = self.inner.next_stream.fetch_add(1, Ordering::Relaxed);
        let replaced = Arc::new(Notify::new());
        entry.streams.push_back((id, replaced.clone()));
        Ok(Watching {
            live: self.clone(),
            user,
            id,
            changes: entry.signal.subscribe(),
            replaced,
        })
    }

    /// Streams open in this process.
    pub fn open_streams(&self) -> usize {
        self.inner.open.load(Ordering::Acquire)
    }

    /// Tells every process that `users` have something new.
    pub async fn signal(&self, users: &[UserId]) {
        if users.is_empty() {
            return;
        }
        let ids: Vec<i64> = users.iter().map(|user| user.get()).collect();
        if let Some(redis) = &self.inner.redis {
            let payload = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            if redis.publish(CHANNEL, payload).await {
                return; // this process hears it through its own subscription
            }
        }
        self.wake_local(&ids);
    }

    fn wake_local(&self, users: &[i64]) {
        let watchers = self.lock();
        for user in users {
            if let Some(watching) = watchers.get(user) {
                watching
                    .signal
                    .send_modify(|version| *version = version.wrapping_add(1));
            }
        }
    }

    fn wake_all_local(&self) {
        for watching in self.lock().values() {
            watching
                .signal
                .send_modify(|version| *version = version.wrapping_add(1));
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Watchers>> {
        // A panic while holding this lock cannot leave the map inconsistent.
        self.inner
            .watchers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
