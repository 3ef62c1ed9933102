//! Live signals: "something changed for user N", delivered to every process holding a stream
//! for that user — through Redis pub/sub when Redis is configured, in process otherwise. A
//! signal carries no data: the database is the truth, and a woken stream reads what is new, so
//! a lost signal delays an event and never loses one.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

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
    watchers: Mutex<HashMap<i64, watch::Sender<u64>>>,
    redis: Option<Arc<RedisTier>>,
    /// Streams open in this process.
    open: AtomicUsize,
}

/// Why a stream was not opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The process holds its maximum.
    Full,
    /// That user has their maximum open already.
    TooManyForUser,
}

/// An open stream's place: its signal receiver; dropping it frees the place.
pub struct Watching {
    live: Live,
    user: UserId,
    pub changes: watch::Receiver<u64>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        self.live.inner.open.fetch_sub(1, Ordering::AcqRel);
        // The receiver goes after this body; `release` checks for others than this one.
        let mut watchers = self.live.lock();
        if watchers
            .get(&self.user.get())
            .is_some_and(|sender| sender.receiver_count() <= 1)
        {
            watchers.remove(&self.user.get());
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
    /// signalled: at most `max_open` in the process and `max_per_user` per user.
    pub fn watch(
        &self,
        user: UserId,
        max_open: usize,
        max_per_user: usize,
    ) -> Result<Watching, Refused> {
        let mut watchers = self.lock();
        let sender = watchers
            .entry(user.get())
            .or_insert_with(|| watch::channel(0).0);
        if sender.receiver_count() >= max_per_user {
            return Err(Refused::TooManyForUser);
        }
        if self.inner.open.fetch_add(1, Ordering::AcqRel) >= max_open {
            self.inner.open.fetch_sub(1, Ordering::AcqRel);
            if sender.receiver_count() == 0 {
                watchers.remove(&user.get());
            }
            return Err(Refused::Full);
        }
        Ok(Watching {
            live: self.clone(),
            user,
            changes: sender.subscribe(),
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
            if let Some(sender) = watchers.get(user) {
                sender.send_modify(|version| *version = version.wrapping_add(1));
            }
        }
    }

    fn wake_all_local(&self) {
        for sender in self.lock().values() {
            sender.send_modify(|version| *version = version.wrapping_add(1));
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, watch::Sender<u64>>> {
        // A panic while holding this lock cannot leave the map inconsistent.
        self.inner
            .watchers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
