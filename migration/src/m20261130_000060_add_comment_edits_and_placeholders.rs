use sea_orm_migration::prelude::*;

use crate::columns::timestamp_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Comments {
    Table,
    EditedAt,
    DeletedAt,
}

/// `edited_at`: when the author last changed the comment (shown as "edited"). `deleted_at`: a
/// deleted comment that still has replies stays as an empty placeholder, so the replies keep
/// their place in the thread; a deleted comment without replies is removed outright.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for column in [Comments::EditedAt, Comments::DeletedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Comments::Table)
                        .add_column(timestamp_null(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Comments::EditedAt, Comments::DeletedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Comments::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
