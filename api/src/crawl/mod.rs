//! Content import: feed sources users register (RSS 2.0, Atom 1.0, JSON Feed), the scheduler
//! that polls them, the SSRF-safe fetcher, parsing into safe markdown posts, and the
//! exactly-once import of each entry.

pub mod dto;
pub mod fetch;
pub mod handlers;
pub mod parse;
pub mod repo;
pub mod scheduler;
pub mod service;
