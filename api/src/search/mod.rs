//! Search as people use it: `GET /search` and the hot and per-tag lists it ranks, turning the
//! index's hits into cards; the `IndexPosts` job that feeds the index (`crate::index`) and the
//! `tidings reindex` command.

pub mod documents;
pub mod handlers;
pub mod reindex;
pub mod service;
