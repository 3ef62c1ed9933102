//! SeaORM entities, one file per table, mirroring `migration/`. Kept free of behaviour:
//! rules live in each feature's `service.rs`.

pub mod account_tokens;
pub mod collects;
pub mod comments;
pub mod feed_entries;
pub mod feed_sources;
pub mod follows;
pub mod hot_posts;
pub mod job_outbox;
pub mod job_probes;
pub mod likes;
pub mod moderation_actions;
pub mod notification_actors;
pub mod notification_mail;
pub mod notification_settings;
pub mod notifications;
pub mod oauth_states;
pub mod post_tags;
pub mod posts;
pub mod refresh_tokens;
pub mod reports;
pub mod search_dirty;
pub mod tags;
pub mod target_kind;
pub mod user_identities;
pub mod user_stats;
pub mod users;

pub use target_kind::TargetKind;
