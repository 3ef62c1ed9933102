//! The home timeline: posts by the people you follow, newest first.

pub mod handlers;
pub mod repo;
pub mod service;
