//! Comments on posts and replies to comments, as threads.

pub mod dto;
pub mod handlers;
pub mod repo;
pub mod service;
