use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Likes {
    Table,
}

#[derive(DeriveIden)]
enum Collects {
    Table,
}

#[derive(DeriveIden)]
enum Reaction {
    Id,
    UserId,
    TargetId,
    TargetKind,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Follows {
    Table,
    Id,
    FromId,
    ToId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Likes and collects share one shape: a polymorphic (target_id, target_kind) row.
        for (table_name, prefix) in [
            (Likes::Table.into_iden(), "likes"),
            (Collects::Table.into_iden(), "collects"),
        ] {
            manager
                .create_table(
                    table(table_name.clone(), manager.get_database_backend())
                        .col(id(Reaction::Id))
                        .col(big_int(Reaction::UserId))
                        .col(big_int(Reaction::TargetId))
                        .col(small_int(Reaction::TargetKind))
                        .col(timestamp(Reaction::CreatedAt))
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    index(&format!("uq_{prefix}_user_target"))
                        .table(table_name.clone())
                        .col(Reaction::UserId)
                        .col(Reaction::TargetId)
                        .col(Reaction::TargetKind)
                        .unique()
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    index(&format!("idx_{prefix}_target_created"))
                        .table(table_name)
                        .col(Reaction::TargetId)
                        .col(Reaction::TargetKind)
                        .col(Reaction::CreatedAt)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                table(Follows::Table, manager.get_database_backend())
                    .col(id(Follows::Id))
                    .col(big_int(Follows::FromId))
                    .col(big_int(Follows::ToId))
                    .col(timestamp(Follows::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("uq_follows_from_to")
                    .table(Follows::Table)
                    .col(Follows::FromId)
                    .col(Follows::ToId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_follows_to_created")
                    .table(Follows::Table)
                    .col(Follows::ToId)
                    .col(Follows::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Follows::Table.into_iden(),
            Collects::Table.into_iden(),
            Likes::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
