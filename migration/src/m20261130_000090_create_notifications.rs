use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    RecipientId,
    Kind,
    TargetKind,
    TargetId,
    PostId,
    ActorId,
    ActorCount,
    RecentActors,
    GroupKey,
    InApp,
    MailState,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum NotificationActors {
    Table,
    NotificationId,
    ActorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum NotificationSettings {
    Table,
    UserId,
    Kind,
    InApp,
    Mail,
}

#[derive(DeriveIden)]
enum NotificationMail {
    Table,
    UserId,
    LastSentAt,
}

/// The inbox: one row per notification (likes on one target grouped into one row, with its
/// actors beside it), each person's choices per kind, and when each person was last mailed.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        manager
            .create_table(
                table(Notifications::Table, backend)
                    .col(id(Notifications::Id))
                    .col(big_int(Notifications::RecipientId))
                    .col(varchar(Notifications::Kind, 16))
                    .col(varchar(Notifications::TargetKind, 16))
                    .col(big_int(Notifications::TargetId))
                    .col(ColumnDef::new(Notifications::PostId).big_integer().null())
                    .col(big_int(Notifications::ActorId))
                    .col(counter(Notifications::ActorCount))
                    .col(varchar_default(Notifications::RecentActors, 80))
                    .col(varchar_null(Notifications::GroupKey, 64))
                    .col(flag(Notifications::InApp, true))
                    .col(
                        ColumnDef::new(Notifications::MailState)
                            .small_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(timestamp(Notifications::CreatedAt))
                    .col(timestamp_null(Notifications::ReadAt))
                    .to_owned(),
            )
            .await?;
        for (name, columns, unique) in [
            // The inbox's pages, newest first.
            (
                "idx_notifications_recipient",
                vec![Notifications::RecipientId, Notifications::Id],
                false,
            ),
            // The unread count.
            (
                "idx_notifications_unread",
                vec![Notifications::RecipientId, Notifications::ReadAt],
                false,
            ),
            // "Never twice for the same thing": one open like group per target, one reply or
            // mention per post or comment, one follow per follower (NULL once a group is read).
            (
                "uq_notifications_group",
                vec![Notifications::RecipientId, Notifications::GroupKey],
                true,
            ),
            // Everything about one target (a like's earlier groups).
            (
                "idx_notifications_target",
                vec![
                    Notifications::RecipientId,
                    Notifications::TargetKind,
                    Notifications::TargetId,
                ],
                false,
            ),
            // Mail owed.
            (
                "idx_notifications_mail",
                vec![Notifications::MailState, Notifications::RecipientId],
                false,
            ),
        ] {
            let mut statement = index(name).table(Notifications::Table).to_owned();
            for column in columns {
                statement.col(column);
            }
            if unique {
                statement.unique();
            }
            manager.create_index(statement).await?;
        }
        manager
            .create_table(
                table(NotificationActors::Table, backend)
                    .col(big_int(NotificationActors::NotificationId))
                    .col(big_int(NotificationActors::ActorId))
                    .col(timestamp(NotificationActors::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(NotificationActors::NotificationId)
                            .col(NotificationActors::ActorId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                table(NotificationSettings::Table, backend)
                    .col(big_int(NotificationSettings::UserId))
                    .col(varchar(NotificationSettings::Kind, 16))
                    .col(flag(NotificationSettings::InApp, true))
                    .col(flag(NotificationSettings::Mail, false))
                    .primary_key(
                        Index::create()
                            .col(NotificationSettings::UserId)
                            .col(NotificationSettings::Kind),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                table(NotificationMail::Table, backend)
                    .col(big_int(NotificationMail::UserId).primary_key())
                    .col(timestamp(NotificationMail::LastSentAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            NotificationMail::Table.into_iden(),
            NotificationSettings::Table.into_iden(),
            NotificationActors::Table.into_iden(),
            Notifications::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(name).to_owned())
                .await?;
        }
        Ok(())
    }
}
