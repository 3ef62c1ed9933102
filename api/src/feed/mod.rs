//! The home timeline (posts by the people you follow, blended with the hot pool) and the
//! jobs that keep Redis timelines in step with posts and follows.

pub mod handlers;
pub mod redis_timelines;
pub mod repo;
pub mod service;
