use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Jobs a write transaction owes: recorded in that transaction, moved to the job queue after.
#[derive(DeriveIden)]
enum JobOutbox {
    Table,
    Id,
    Payload,
    CreatedAt,
}

/// Posts that passed the like threshold, blended into every home timeline (the embedded
/// default's copy of the Redis hot set).
#[derive(DeriveIden)]
enum HotPosts {
    Table,
    PostId,
    EnteredAt,
}

/// Canary jobs an operator (or a test) sends through the queue to see it work end to end.
#[derive(DeriveIden)]
enum JobProbes {
    Table,
    Name,
    Attempts,
    FailAttempts,
    SucceededAt,
}

#[derive(DeriveIden)]
enum Follows {
    Table,
    Id,
    ToId,
}

#[derive(DeriveIden)]
enum UserStats {
    Table,
    FollowerCount,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        manager
            .create_table(
                table(JobOutbox::Table, backend)
                    .col(id(JobOutbox::Id))
                    .col(long_text(JobOutbox::Payload, backend))
                    .col(timestamp(JobOutbox::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                table(HotPosts::Table, backend)
                    .col(big_int(HotPosts::PostId).primary_key())
                    .col(timestamp(HotPosts::EnteredAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                table(JobProbes::Table, backend)
                    .col(varchar(JobProbes::Name, 64).primary_key())
                    .col(counter(JobProbes::Attempts))
                    .col(counter(JobProbes::FailAttempts))
                    .col(timestamp_null(JobProbes::SucceededAt))
                    .to_owned(),
            )
            .await?;
        // Fan-out walks an author's followers in id order.
        manager
            .create_index(
                index("idx_follows_to_id")
                    .table(Follows::Table)
                    .col(Follows::ToId)
                    .col(Follows::Id)
                    .to_owned(),
            )
            .await?;
        // "Big accounts" are the few users above the follower threshold.
        manager
            .create_index(
                index("idx_user_stats_followers")
                    .table(UserStats::Table)
                    .col(UserStats::FollowerCount)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_user_stats_followers")
                    .table(UserStats::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_follows_to_id")
                    .table(Follows::Table)
                    .to_owned(),
            )
            .await?;
        for table in [
            JobProbes::Table.into_iden(),
            HotPosts::Table.into_iden(),
            JobOutbox::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
