//! Database connection, the write-transaction discipline every service follows, and keyset pages
//! with sealed cursors (`pagination`).

pub mod pagination;

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::{
    AccessMode, ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, DbErr, IsolationLevel, RuntimeErr, SqlErr, SqliteTransactionMode,
    Statement, TransactionOptions, TransactionTrait, Value,
};
use secrecy::ExposeSecret;
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::config::Settings;
use crate::telemetry::metrics::Metrics;

/// The statement `/health` probes the database with.
pub const HEALTH_PROBE_SQL: &str = "SELECT 1";

#[derive(Clone)]
pub struct Db {
    pub conn: DatabaseConnection,
    /// SQLite allows one writer; a deferred transaction that reads and then writes can fail
    /// with SQLITE_BUSY instead of waiting. Writers of this process queue here instead.
    sqlite_writer: Option<Arc<Mutex<()>>>,
}

/// Connections the pool keeps open when idle (at most `TIDINGS_DATABASE_MAX_CONNECTIONS`).
const MIN_CONNECTIONS: u32 = 4;

impl Db {
    pub async fn connect(settings: &Settings, metrics: Arc<Metrics>) -> anyhow::Result<Db> {
        let url = settings.database_url.expose_secret().to_string();
        create_sqlite_directory(&url)?;
        let mut options = ConnectOptions::new(url);
        options
            .max_connections(settings.database_max_connections)
            // A few connections stay open: on a busy machine a new PostgreSQL connection can take
            // seconds (the postmaster forks a backend and its listen queue overflows), and with
            // one kept open a background job and the health probe were enough to need a new one.
            .min_connections(MIN_CONNECTIONS.min(settings.database_max_connections))
            .connect_timeout(Duration::from_secs(settings.database_connect_timeout_secs))
            .acquire_timeout(Duration::from_secs(settings.database_connect_timeout_secs))
            .sqlx_logging(false);
        let mut conn = Database::connect(options).await.map_err(|error| {
            anyhow::anyhow!(
                "cannot connect to the database set by TIDINGS_DATABASE_URL ({}): {error}",
                settings.database_url_redacted()
            )
        })?;
        // Health probes (`SELECT 1`, once a second) are not work done for anyone; leave them out.
        conn.set_metric_callback(move |info| {
            if info.statement.sql == HEALTH_PROBE_SQL {
                return;
            }
            if crate::telemetry::metrics::in_background() {
                metrics.db_background_queries.inc();
            } else {
                metrics.db_queries.inc();
            }
        });
        let sqlite = conn.get_database_backend() == DatabaseBackend::Sqlite;
        if sqlite {
            // WAL lets readers carry on while the single writer commits.
            conn.execute_unprepared("PRAGMA journal_mode=WAL").await?;
        }
        Ok(Db {
            conn,
            sqlite_writer: sqlite.then(|| Arc::new(Mutex::new(()))),
        })
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.conn.get_database_backend()
    }

    /// Holds this process's SQLite writer slot (nothing on other backends), for writes that go
    /// around `begin_write`.
    pub async fn lock_sqlite_writer(&self) -> Option<OwnedMutexGuard<()>> {
        match &self.sqlite_writer {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        }
    }

    /// Starts a READ COMMITTED read-write transaction (serialized writers on SQLite).
    /// Dropping it without `commit` rolls everything back.
    pub async fn begin_write(&self) -> Result<WriteTransaction, DbErr> {
        let guard = match &self.sqlite_writer {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let txn = match self.backend() {
            // IMMEDIATE takes the write lock up front: a deferred transaction that read first
            // fails with SQLITE_BUSY_SNAPSHOT when another connection (the job queue's) committed
            // in between, instead of waiting.
            DatabaseBackend::Sqlite => {
                self.conn
                    .begin_with_options(TransactionOptions {
                        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                        ..Default::default()
                    })
                    .await?
            }
            _ => {
                self.conn
                    .begin_with_config(
                        Some(IsolationLevel::ReadCommitted),
                        Some(AccessMode::ReadWrite),
                    )
                    .await?
            }
        };
        Ok(WriteTransaction { txn, _guard: guard })
    }
}

/// A fresh checkout has no `./data`: SQLite creates the file (`mode=rwc`) but not its folder.
fn create_sqlite_directory(url: &str) -> anyhow::Result<()> {
    let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return Ok(());
    };
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path.starts_with(":memory:") {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path)
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|error| {
            anyhow::anyhow!(
                "cannot create {} for the SQLite database (TIDINGS_DATABASE_URL): {error}",
                parent.display()
            )
        })?;
    }
    Ok(())
}

pub struct WriteTransaction {
    txn: DatabaseTransaction,
    _guard: Option<OwnedMutexGuard<()>>,
}

impl WriteTransaction {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }
}

impl Deref for WriteTransaction {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

pub fn is_unique_violation(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// Deadlocks and serialization failures: the transaction did nothing and may simply run again.
pub fn is_retryable(error: &DbErr) -> bool {
    let text = match error {
        DbErr::Exec(RuntimeErr::SqlxError(inner)) | DbErr::Query(RuntimeErr::SqlxError(inner)) => {
            inner.to_string()
        }
        other => other.to_string(),
    };
    let text = text.to_ascii_lowercase();
    text.contains("deadlock") || text.contains("40001") || text.contains("could not serialize")
}

/// Runs `attempt` again (up to three times in all) when the database reports a deadlock.
pub async fn retry_on_deadlock<T, E, F, Fut>(mut attempt: F) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
    E: AsDbErr,
{
    let mut tries = 0;
    loop {
        tries += 1;
        match attempt().await {
            Err(error) if tries < 3 && error.as_db_err().is_some_and(is_retryable) => {
                tracing::warn!("transaction hit a deadlock; retrying");
                tokio::time::sleep(Duration::from_millis(5 * tries)).await;
            }
            other => return other,
        }
    }
}

pub trait AsDbErr {
    fn as_db_err(&self) -> Option<&DbErr>;
}

impl AsDbErr for crate::error::AppError {
    fn as_db_err(&self) -> Option<&DbErr> {
        match self {
            crate::error::AppError::Database(error) => Some(error),
            _ => None,
        }
    }
}

/// `INSERT … ON CONFLICT DO NOTHING` in each backend's dialect: the row is inserted, or the
/// statement reports 0 rows because a unique key already holds it. Never read-then-write.
pub async fn insert_ignore<C: ConnectionTrait>(
    conn: &C,
    table: &'static str,
    columns: &[&'static str],
    values: Vec<Value>,
) -> Result<u64, DbErr> {
    let backend = conn.get_database_backend();
    let placeholders: Vec<String> = (1..=columns.len())
        .map(|index| match backend {
            DatabaseBackend::Postgres => format!("${index}"),
            _ => "?".to_string(),
        })
        .collect();
    let column_list = columns.join(", ");
    let placeholder_list = placeholders.join(", ");
    let sql = match backend {
        // MySQL's ON DUPLICATE KEY UPDATE reports found rows, not inserted ones; IGNORE reports 0.
        DatabaseBackend::MySql => {
            format!("INSERT IGNORE INTO {table} ({column_list}) VALUES ({placeholder_list})")
        }
        _ => format!(
            "INSERT INTO {table} ({column_list}) VALUES ({placeholder_list}) ON CONFLICT DO NOTHING"
        ),
    };
    let result = conn
        .execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    Ok(result.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sqlite_folder_is_created_on_a_fresh_checkout() {
        let root = std::env::temp_dir().join(format!("tidings-db-{}", uuid::Uuid::new_v4()));
        let url = format!("sqlite://{}/data/tidings.db?mode=rwc", root.display());
        assert!(create_sqlite_directory(&url).is_ok());
        assert!(root.join("data").is_dir());
        assert!(create_sqlite_directory("sqlite::memory:").is_ok());
        assert!(create_sqlite_directory("postgres://localhost/x").is_ok());
        let _ = std::fs::remove_dir_all(root);
    }
}
