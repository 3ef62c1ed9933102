use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::columns::*;
use crate::names::name_key;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Name,
    NameKey,
}

/// Names unique up to look-alikes: `name_key` holds a hash of the name's TR39 skeleton (so
/// `Alice`, `аlice` with a Cyrillic а and `ａｌｉｃｅ` collide with `alice`) under a unique
/// index. Existing accounts get theirs computed here; where old accounts already collide, the
/// oldest keeps the plain key and the others get one made unique with their id.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(varchar_null(Users::NameKey, 80))
                    .to_owned(),
            )
            .await?;
        let connection = manager.get_connection();
        let select = Query::select()
            .columns([Users::Id, Users::Name])
            .from(Users::Table)
            .order_by(Users::Id, Order::Asc)
            .to_owned();
        let rows = connection.query_all(&select).await?;
        let mut seen = std::collections::HashSet::new();
        for row in rows {
            let id: i64 = row.try_get("", "id")?;
            let name: String = row.try_get("", "name")?;
            let mut key = name_key(&name);
            if !seen.insert(key.clone()) {
                key = format!("{key}#{id}");
            }
            let update = Query::update()
                .table(Users::Table)
                .value(Users::NameKey, key)
                .and_where(Expr::col(Users::Id).eq(id))
                .to_owned();
            connection.execute(&update).await?;
        }
        manager
            .create_index(
                index("uq_users_name_key")
                    .table(Users::Table)
                    .col(Users::NameKey)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("uq_users_name_key")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::NameKey)
                    .to_owned(),
            )
            .await
    }
}
