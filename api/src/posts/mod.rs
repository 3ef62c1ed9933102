//! Posts: writing, editing and deleting them, single reads, and every list of post cards.

pub mod dto;
pub mod handlers;
pub mod service;
