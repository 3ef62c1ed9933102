//! Column and table helpers shared by the migrations, so every table gets the same id,
//! timestamp and character-set conventions on every backend.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

/// A 64-bit auto-increment primary key (`INTEGER PRIMARY KEY` on SQLite).
pub fn id<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

pub fn big_int<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().to_owned()
}

pub fn counter<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .integer()
        .not_null()
        .default(0)
        .to_owned()
}

pub fn small_int<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).small_integer().not_null().to_owned()
}

pub fn varchar<T: IntoIden>(name: T, len: u32) -> ColumnDef {
    ColumnDef::new(name).string_len(len).not_null().to_owned()
}

pub fn varchar_default<T: IntoIden>(name: T, len: u32) -> ColumnDef {
    ColumnDef::new(name)
        .string_len(len)
        .not_null()
        .default("")
        .to_owned()
}

pub fn varchar_null<T: IntoIden>(name: T, len: u32) -> ColumnDef {
    ColumnDef::new(name).string_len(len).null().to_owned()
}

pub fn flag<T: IntoIden>(name: T, default: bool) -> ColumnDef {
    ColumnDef::new(name)
        .boolean()
        .not_null()
        .default(default)
        .to_owned()
}

pub fn timestamp<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

pub fn timestamp_null<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

/// Long markdown bodies: MySQL's `TEXT` stops at 64 KiB, which a long utf8mb4 post exceeds.
pub fn long_text<T: IntoIden>(name: T, backend: DatabaseBackend) -> ColumnDef {
    let mut column = ColumnDef::new(name);
    match backend {
        DatabaseBackend::MySql => column.custom(Alias::new("MEDIUMTEXT")),
        _ => column.text(),
    };
    column.not_null().to_owned()
}

/// Like `long_text`, but NULL allowed (a column added to tables that already have rows).
pub fn long_text_null<T: IntoIden>(name: T, backend: DatabaseBackend) -> ColumnDef {
    let mut column = ColumnDef::new(name);
    match backend {
        DatabaseBackend::MySql => column.custom(Alias::new("MEDIUMTEXT")),
        _ => column.text(),
    };
    column.null().to_owned()
}

/// Every table is created utf8mb4 on MySQL so names, titles and bodies in any script fit.
pub fn table<T: IntoIden>(name: T, backend: DatabaseBackend) -> TableCreateStatement {
    let mut statement = Table::create();
    statement.table(name).if_not_exists();
    // Table options are MySQL syntax; other backends reject them.
    if backend == DatabaseBackend::MySql {
        statement
            .character_set("utf8mb4")
            .collate("utf8mb4_unicode_ci");
    }
    statement
}

pub fn index(name: &str) -> IndexCreateStatement {
    Index::create().name(name).if_not_exists().to_owned()
}

/// Adds columns to a table one statement each (SQLite's ALTER TABLE adds one at a time).
pub async fn add_columns<T: IntoIden + Clone>(
    manager: &SchemaManager<'_>,
    table: T,
    columns: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    for column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(table.clone())
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

/// Drops columns from a table, one statement each.
pub async fn drop_columns<T: IntoIden + Clone, C: IntoIden>(
    manager: &SchemaManager<'_>,
    table: T,
    columns: Vec<C>,
) -> Result<(), DbErr> {
    for column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(table.clone())
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

pub fn big_int_null<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).big_integer().null().to_owned()
}
