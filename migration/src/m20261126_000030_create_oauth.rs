use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UserIdentities {
    Table,
    Id,
    UserId,
    Provider,
    Subject,
    Login,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OauthStates {
    Table,
    Id,
    StateHash,
    Provider,
    PkceVerifier,
    Nonce,
    LinkUserId,
    ReturnTo,
    CreatedAt,
    ExpiresAt,
}

/// Sign-in through GitHub and OpenID Connect: the identities linked to accounts, and the
/// authorization requests in flight (kept in the database so any process can finish one).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        manager
            .create_table(
                table(UserIdentities::Table, backend)
                    .col(id(UserIdentities::Id))
                    .col(big_int(UserIdentities::UserId))
                    .col(varchar(UserIdentities::Provider, 32))
                    .col(subject_column(backend))
                    .col(varchar_default(UserIdentities::Login, 191))
                    .col(timestamp(UserIdentities::CreatedAt))
                    .to_owned(),
            )
            .await?;
        // The guard against two first logins of one identity racing to create two accounts.
        manager
            .create_index(
                index("uq_user_identities_provider_subject")
                    .table(UserIdentities::Table)
                    .col(UserIdentities::Provider)
                    .col(UserIdentities::Subject)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // One identity per provider and account.
        manager
            .create_index(
                index("uq_user_identities_user_provider")
                    .table(UserIdentities::Table)
                    .col(UserIdentities::UserId)
                    .col(UserIdentities::Provider)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                table(OauthStates::Table, backend)
                    .col(id(OauthStates::Id))
                    .col(varchar(OauthStates::StateHash, 64))
                    .col(varchar(OauthStates::Provider, 32))
                    .col(varchar(OauthStates::PkceVerifier, 128))
                    .col(varchar(OauthStates::Nonce, 64))
                    .col(ColumnDef::new(OauthStates::LinkUserId).big_integer().null())
                    .col(varchar_default(OauthStates::ReturnTo, 255))
                    .col(timestamp(OauthStates::CreatedAt))
                    .col(timestamp(OauthStates::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("uq_oauth_states_hash")
                    .table(OauthStates::Table)
                    .col(OauthStates::StateHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_oauth_states_expires")
                    .table(OauthStates::Table)
                    .col(OauthStates::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OauthStates::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(UserIdentities::Table).to_owned())
            .await
    }
}

/// Provider user ids are case-sensitive (an OIDC `sub` is an opaque string), so MySQL's
/// case-insensitive default collation must not fold two of them into one.
fn subject_column(backend: sea_orm_migration::sea_orm::DatabaseBackend) -> ColumnDef {
    if backend == sea_orm_migration::sea_orm::DatabaseBackend::MySql {
        // The collation belongs to the type, before NOT NULL.
        ColumnDef::new(UserIdentities::Subject)
            .custom(Alias::new(
                "varchar(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
            ))
            .not_null()
            .to_owned()
    } else {
        varchar(UserIdentities::Subject, 191)
    }
}
