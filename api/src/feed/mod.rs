//! The home timeline (posts by the people you follow, blended with the hot pool) and the
//! jobs that keep Redis timelines in step with posts and follows.

pub mod handlers;
pub mod redis_timelines;
pub mod repo;
pub mod service;

use std::sync::Arc;

use crate::cache::RedisTier;

/// Where home timelines live, chosen once in `AppState::build`.
#[derive(Clone)]
pub enum Timelines {
    /// Computed from the follow rows at read time.
    Computed,
    /// A capped sorted set per user in Redis, filled by fan-out jobs (`redis_timelines`).
    Redis(Arc<RedisTier>),
}

impl Timelines {
    pub fn new(redis: Option<Arc<RedisTier>>) -> Timelines {
        redis.map_or(Timelines::Computed, Timelines::Redis)
    }

    /// Whether writes must schedule the jobs that push posts into stored timelines.
    pub fn are_stored(&self) -> bool {
        matches!(self, Timelines::Redis(_))
    }

    fn redis(&self) -> Option<&RedisTier> {
        match self {
            Timelines::Computed => None,
            Timelines::Redis(tier) => Some(tier),
        }
    }
}
