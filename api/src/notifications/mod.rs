//! Notifications: what tells people that someone replied, mentioned them, liked their work or
//! followed them — the `Notify` job that turns write events into grouped inbox rows, the inbox
//! API, live delivery over Server-Sent Events, per-kind choices, and digest mail with one-click
//! unsubscribe.

pub mod dto;
pub mod handlers;
pub mod mail;
pub mod repo;
pub mod service;
pub mod stream;
