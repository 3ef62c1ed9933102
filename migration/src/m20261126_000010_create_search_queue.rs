use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Posts whose search document is out of date. One row per post however many writes touched
/// it (so a burst of likes is one index write); `version` moves on every mark, so the indexer
/// removes a row only if nothing marked it again while it was indexing.
#[derive(DeriveIden)]
enum SearchDirty {
    Table,
    PostId,
    Version,
    MarkedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table(SearchDirty::Table, manager.get_database_backend())
                    .col(big_int(SearchDirty::PostId).primary_key())
                    .col(big_int(SearchDirty::Version).default(0))
                    .col(timestamp(SearchDirty::MarkedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SearchDirty::Table).to_owned())
            .await
    }
}
