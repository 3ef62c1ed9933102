use sea_orm_migration::prelude::*;

use crate::columns::long_text_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Posts {
    Table,
    ContentHtml,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    ContentHtml,
}

/// The sanitized HTML of a post or comment, rendered once when it is written, so readers never
/// render (rendering is the costliest step of a read). Rows written before this migration have
/// none; the first read renders theirs and stores it.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        manager
            .alter_table(
                Table::alter()
                    .table(Posts::Table)
                    .add_column(long_text_null(Posts::ContentHtml, backend))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Comments::Table)
                    .add_column(long_text_null(Comments::ContentHtml, backend))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Posts::Table)
                    .drop_column(Posts::ContentHtml)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Comments::Table)
                    .drop_column(Comments::ContentHtml)
                    .to_owned(),
            )
            .await
    }
}
