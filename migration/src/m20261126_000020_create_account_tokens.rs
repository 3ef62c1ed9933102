use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AccountTokens {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

/// Single-use tokens mailed to an account: email confirmation and password reset.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table(AccountTokens::Table, manager.get_database_backend())
                    .col(id(AccountTokens::Id))
                    .col(big_int(AccountTokens::UserId))
                    .col(varchar(AccountTokens::Purpose, 16))
                    .col(varchar(AccountTokens::TokenHash, 64))
                    .col(timestamp(AccountTokens::CreatedAt))
                    .col(timestamp(AccountTokens::ExpiresAt))
                    .col(timestamp_null(AccountTokens::UsedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("uq_account_tokens_hash")
                    .table(AccountTokens::Table)
                    .col(AccountTokens::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_account_tokens_user")
                    .table(AccountTokens::Table)
                    .col(AccountTokens::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AccountTokens::Table).to_owned())
            .await
    }
}
