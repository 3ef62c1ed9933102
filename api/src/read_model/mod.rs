//! The read model: what lists and pages show — post cards, comment threads, user summaries —
//! assembled from cached rows, counters and the caller's own flags. Features read through it;
//! it reads repositories and the cache and imports no feature service, so any feature can use
//! it without a cycle.

pub mod cards;
pub mod html_repair;
pub mod keys;
pub mod lists;
pub mod queries;
pub mod standing;
pub mod tags;
pub mod threads;
pub mod users;
pub mod viewer;
