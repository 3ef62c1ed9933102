use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Feeds a user publishes under their own name; the scheduler polls those with a `next_poll_at`
/// (one-off command-line imports have none).
#[derive(DeriveIden)]
enum FeedSources {
    Table,
    Id,
    UserId,
    Url,
    Title,
    Etag,
    LastModified,
    LastFetchedAt,
    LastError,
    NextPollAt,
    FailureCount,
    ImportedCount,
    FetchCount,
    CreatedAt,
}

/// Entries already imported from a source: the unique (source, key) pair is what keeps a
/// re-fetch, a reordered feed or two concurrent workers from importing an entry twice.
#[derive(DeriveIden)]
enum FeedEntries {
    Table,
    Id,
    SourceId,
    EntryKey,
    PostId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        manager
            .create_table(
                table(FeedSources::Table, backend)
                    .col(id(FeedSources::Id))
                    .col(big_int(FeedSources::UserId))
                    .col(varchar(FeedSources::Url, 500))
                    .col(varchar_default(FeedSources::Title, 255))
                    .col(varchar_null(FeedSources::Etag, 255))
                    .col(varchar_null(FeedSources::LastModified, 64))
                    .col(timestamp_null(FeedSources::LastFetchedAt))
                    .col(varchar_null(FeedSources::LastError, 1000))
                    .col(timestamp_null(FeedSources::NextPollAt))
                    .col(counter(FeedSources::FailureCount))
                    .col(counter(FeedSources::ImportedCount))
                    .col(counter(FeedSources::FetchCount))
                    .col(timestamp(FeedSources::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_feed_sources_user_url")
                    .table(FeedSources::Table)
                    .col(FeedSources::UserId)
                    .col(FeedSources::Url)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_feed_sources_next_poll_at")
                    .table(FeedSources::Table)
                    .col(FeedSources::NextPollAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                table(FeedEntries::Table, backend)
                    .col(id(FeedEntries::Id))
                    .col(big_int(FeedEntries::SourceId))
                    .col(varchar(FeedEntries::EntryKey, 255))
                    .col(ColumnDef::new(FeedEntries::PostId).big_integer().null())
                    .col(timestamp(FeedEntries::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_feed_entries_source_key")
                    .table(FeedEntries::Table)
                    .col(FeedEntries::SourceId)
                    .col(FeedEntries::EntryKey)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FeedEntries::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(FeedSources::Table).to_owned())
            .await
    }
}
