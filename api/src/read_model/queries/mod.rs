//! The read queries behind cards, threads and user summaries, one file per table. Features
//! that read the same rows use them too, so each read is written once.

pub mod comments;
pub mod follows;
pub mod posts;
pub mod reactions;
pub mod tags;
pub mod users;
