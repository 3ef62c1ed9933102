//! Likes (on posts and comments) and collects (bookmarks, on posts): polymorphic
//! `(target_id, target_kind)` rows, idempotent writes, counters moved in the same transaction.

pub mod dto;
pub mod handlers;
pub mod repo;
pub mod service;
