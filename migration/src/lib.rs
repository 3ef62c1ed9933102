//! Schema migrations for every backend Tidings runs on (SQLite, PostgreSQL, MySQL/MariaDB).
//!
//! There are no foreign-key constraints: the services keep integrity inside transactions,
//! so rows can be sharded or moved without the database vetoing it. Every index is named.

pub use sea_orm_migration::prelude::*;

mod columns;
mod m20261126_000001_create_users;
mod m20261126_000002_create_posts;
mod m20261126_000003_create_reactions;
mod m20261126_000004_create_refresh_tokens;
mod m20261126_000005_create_jobs_and_timelines;
mod m20261126_000006_create_feed_sources;
mod m20261126_000010_create_search_queue;
mod m20261126_000020_create_account_tokens;
mod m20261126_000030_create_oauth;
mod m20261130_000040_add_user_name_key;
mod m20261130_000050_store_rendered_html;
mod m20261130_000060_add_comment_edits_and_placeholders;
mod m20261130_000070_add_collects_public_and_pending_email;
mod m20261130_000080_create_feed_tokens;
mod m20261130_000090_create_notifications;
mod m20261130_000100_create_moderation;
mod m20261201_000110_create_comment_replies_index;
pub mod names;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_users::Migration),
            Box::new(m20261126_000002_create_posts::Migration),
            Box::new(m20261126_000003_create_reactions::Migration),
            Box::new(m20261126_000004_create_refresh_tokens::Migration),
            Box::new(m20261126_000005_create_jobs_and_timelines::Migration),
            Box::new(m20261126_000006_create_feed_sources::Migration),
            Box::new(m20261126_000010_create_search_queue::Migration),
            Box::new(m20261126_000020_create_account_tokens::Migration),
            Box::new(m20261126_000030_create_oauth::Migration),
            Box::new(m20261130_000040_add_user_name_key::Migration),
            Box::new(m20261130_000050_store_rendered_html::Migration),
            Box::new(m20261130_000060_add_comment_edits_and_placeholders::Migration),
            Box::new(m20261130_000070_add_collects_public_and_pending_email::Migration),
            Box::new(m20261130_000080_create_feed_tokens::Migration),
            Box::new(m20261130_000090_create_notifications::Migration),
            Box::new(m20261130_000100_create_moderation::Migration),
            Box::new(m20261201_000110_create_comment_replies_index::Migration),
        ]
    }
}
