//! An index of replies only. Most comments are top-level (`root_id` 0), so once the database has
//! statistics (SQLite's `ANALYZE`, `PRAGMA optimize`) `idx_comments_root_id` looks useless and
//! SQLite scanned every comment to find a thread's replies (40 ms at 200,000 comments, on every
//! cold thread). A partial index holds just the replies and stays selective; a query for replies
//! names its condition, `root_id <> 0`, word for word so SQLite can use it. MySQL has no partial
//! indexes and needs none: it estimates `IN` lists by looking into the index.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::MySql {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX idx_comments_replies ON comments (root_id, id) WHERE root_id <> 0",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::MySql {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX idx_comments_replies")
            .await?;
        Ok(())
    }
}
