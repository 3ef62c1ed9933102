use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FeedTokens {
    Table,
    UserId,
    TokenHash,
    CreatedAt,
}

/// One private home-timeline feed token per person, kept as its SHA-256 (looked up by it).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table(FeedTokens::Table, manager.get_database_backend())
                    .col(big_int(FeedTokens::UserId).primary_key())
                    .col(varchar(FeedTokens::TokenHash, 64))
                    .col(timestamp(FeedTokens::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("uq_feed_tokens_hash")
                    .table(FeedTokens::Table)
                    .col(FeedTokens::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FeedTokens::Table).to_owned())
            .await
    }
}
