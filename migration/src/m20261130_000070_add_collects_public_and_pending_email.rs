use sea_orm_migration::prelude::*;

use crate::columns::{flag, varchar_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    CollectsPublic,
    PendingEmail,
}

/// `collects_public`: whether others may see what a person collected (bookmarked) — private
/// unless they say so, as saved items are on Reddit and Lemmy. `pending_email`: a new address
/// waiting for its owner to confirm it (the change takes effect only then).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(flag(Users::CollectsPublic, false))
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(varchar_null(Users::PendingEmail, 255))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::CollectsPublic)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::PendingEmail)
                    .to_owned(),
            )
            .await
    }
}
