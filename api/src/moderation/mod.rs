//! Moderation: roles (administrators appoint moderators), reports and the queue, removing and
//! restoring posts and comments, locking threads, bans, and the public moderation log. Every
//! action is a write whose consequences the effects module carries out (`Fact::PostVisibilityChanged`,
//! `CommentsVisibilityChanged`, `PostLockChanged`, `StandingChanged`, `Moderated`).

pub mod dto;
pub mod handlers;
pub mod repo;
pub mod service;
