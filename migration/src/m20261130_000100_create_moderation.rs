use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ModerationActions {
    Table,
    Id,
    ModeratorId,
    Action,
    TargetKind,
    TargetId,
    TargetUserId,
    Reason,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    ReporterId,
    TargetKind,
    TargetId,
    TargetUserId,
    Kind,
    Reason,
    Status,
    OpenMarker,
    CreatedAt,
    ResolvedAt,
    ResolvedBy,
    ActionId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    IsModerator,
    BannedAt,
    BannedUntil,
    BanReason,
    BanActionId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Posts {
    Table,
    RemovedAt,
    RemovedReason,
    RemovedActionId,
    LockedReason,
}

#[derive(DeriveIden, Clone, Copy)]
enum Comments {
    Table,
    RemovedAt,
    RemovedReason,
    RemovedActionId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Notifications {
    Table,
    ModerationActionId,
}

/// Moderation: the public log of every action (`moderation_actions`), reports with at most one
/// open report per reporter and target (`open_marker` is 1 while open and NULL after, and NULLs
/// never collide in a unique index on any backend), moderator and ban columns on users, and
/// removal (never deletion) columns on posts and comments. `removed_action_id` names the action
/// that removed a row, so undoing a ban restores exactly what the ban removed.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        manager
            .create_table(
                table(ModerationActions::Table, backend)
                    .col(id(ModerationActions::Id))
                    .col(big_int(ModerationActions::ModeratorId))
                    .col(varchar(ModerationActions::Action, 16))
                    .col(varchar(ModerationActions::TargetKind, 16))
                    .col(big_int(ModerationActions::TargetId))
                    .col(big_int_null(ModerationActions::TargetUserId))
                    .col(varchar_default(ModerationActions::Reason, 500))
                    .col(timestamp(ModerationActions::CreatedAt))
                    .col(timestamp_null(ModerationActions::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_modlog_action", ModerationActions::Action),
            ("idx_modlog_moderator", ModerationActions::ModeratorId),
            ("idx_modlog_target_user", ModerationActions::TargetUserId),
        ] {
            manager
                .create_index(
                    index(name)
                        .table(ModerationActions::Table)
                        .col(column)
                        .col(ModerationActions::Id)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                table(Reports::Table, backend)
                    .col(id(Reports::Id))
                    .col(big_int(Reports::ReporterId))
                    .col(varchar(Reports::TargetKind, 16))
                    .col(big_int(Reports::TargetId))
                    .col(big_int(Reports::TargetUserId))
                    .col(varchar(Reports::Kind, 16))
                    .col(varchar_default(Reports::Reason, 1000))
                    .col(varchar(Reports::Status, 16))
                    .col(ColumnDef::new(Reports::OpenMarker).small_integer().null())
                    .col(timestamp(Reports::CreatedAt))
                    .col(timestamp_null(Reports::ResolvedAt))
                    .col(big_int_null(Reports::ResolvedBy))
                    .col(big_int_null(Reports::ActionId))
                    .to_owned(),
            )
            .await?;
        for (name, columns, unique) in [
            // One open report per reporter and target.
            (
                "uq_reports_open",
                vec![
                    Reports::ReporterId,
                    Reports::TargetKind,
                    Reports::TargetId,
                    Reports::OpenMarker,
                ],
                true,
            ),
            // The queue, newest first, by status.
            (
                "idx_reports_status",
                vec![Reports::Status, Reports::Id],
                false,
            ),
            // Every report on one target (resolving them together, counting them).
            (
                "idx_reports_target",
                vec![Reports::TargetKind, Reports::TargetId, Reports::Status],
                false,
            ),
        ] {
            let mut statement = index(name).table(Reports::Table).to_owned();
            for column in columns {
                statement.col(column);
            }
            if unique {
                statement.unique();
            }
            manager.create_index(statement).await?;
        }

        add_columns(
            manager,
            Users::Table,
            vec![
                flag(Users::IsModerator, false),
                timestamp_null(Users::BannedAt),
                timestamp_null(Users::BannedUntil),
                varchar_null(Users::BanReason, 500),
                big_int_null(Users::BanActionId),
            ],
        )
        .await?;
        add_columns(
            manager,
            Posts::Table,
            vec![
                timestamp_null(Posts::RemovedAt),
                varchar_null(Posts::RemovedReason, 500),
                big_int_null(Posts::RemovedActionId),
                varchar_null(Posts::LockedReason, 500),
            ],
        )
        .await?;
        add_columns(
            manager,
            Comments::Table,
            vec![
                timestamp_null(Comments::RemovedAt),
                varchar_null(Comments::RemovedReason, 500),
                big_int_null(Comments::RemovedActionId),
            ],
        )
        .await?;
        add_columns(
            manager,
            Notifications::Table,
            vec![big_int_null(Notifications::ModerationActionId)],
        )
        .await?;
        // What one action removed (undoing a ban).
        manager
            .create_index(
                index("idx_posts_removed_action")
                    .table(Posts::Table)
                    .col(Posts::RemovedActionId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_comments_removed_action")
                    .table(Comments::Table)
                    .col(Comments::RemovedActionId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_comments_removed_action")
                    .table(Comments::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_posts_removed_action")
                    .table(Posts::Table)
                    .to_owned(),
            )
            .await?;
        drop_columns(
            manager,
            Notifications::Table,
            vec![Notifications::ModerationActionId],
        )
        .await?;
        drop_columns(
            manager,
            Comments::Table,
            vec![
                Comments::RemovedAt,
                Comments::RemovedReason,
                Comments::RemovedActionId,
            ],
        )
        .await?;
        drop_columns(
            manager,
            Posts::Table,
            vec![
                Posts::RemovedAt,
                Posts::RemovedReason,
                Posts::RemovedActionId,
                Posts::LockedReason,
            ],
        )
        .await?;
        drop_columns(
            manager,
            Users::Table,
            vec![
                Users::IsModerator,
                Users::BannedAt,
                Users::BannedUntil,
                Users::BanReason,
                Users::BanActionId,
            ],
        )
        .await?;
        for name in [
            Reports::Table.into_iden(),
            ModerationActions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(name).to_owned())
                .await?;
        }
        Ok(())
    }
}
