use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Name,
    Email,
    PasswordHash,
    Nickname,
    Bio,
    Website,
    Company,
    Avatar,
    Active,
    IsAdmin,
    ConfirmedAt,
    LastLoginAt,
    CurrentLoginAt,
    LastLoginIp,
    CurrentLoginIp,
    LoginCount,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UserStats {
    Table,
    UserId,
    FollowerCount,
    FollowingCount,
    PostCount,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table(Users::Table, manager.get_database_backend())
                    .col(id(Users::Id))
                    .col(varchar(Users::Name, 20))
                    .col(varchar(Users::Email, 255))
                    .col(varchar_null(Users::PasswordHash, 255))
                    .col(varchar_default(Users::Nickname, 64))
                    .col(varchar_default(Users::Bio, 500))
                    .col(varchar_default(Users::Website, 255))
                    .col(varchar_default(Users::Company, 100))
                    .col(varchar_default(Users::Avatar, 255))
                    .col(flag(Users::Active, true))
                    .col(flag(Users::IsAdmin, false))
                    .col(timestamp_null(Users::ConfirmedAt))
                    .col(timestamp_null(Users::LastLoginAt))
                    .col(timestamp_null(Users::CurrentLoginAt))
                    .col(varchar_null(Users::LastLoginIp, 45))
                    .col(varchar_null(Users::CurrentLoginIp, 45))
                    .col(counter(Users::LoginCount))
                    .col(timestamp(Users::CreatedAt))
                    .col(timestamp(Users::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("uq_users_name")
                    .table(Users::Table)
                    .col(Users::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("uq_users_email")
                    .table(Users::Table)
                    .col(Users::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                table(UserStats::Table, manager.get_database_backend())
                    .col(
                        ColumnDef::new(UserStats::UserId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(counter(UserStats::FollowerCount))
                    .col(counter(UserStats::FollowingCount))
                    .col(counter(UserStats::PostCount))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(UserStats::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Users::Table).to_owned())
            .await
    }
}
