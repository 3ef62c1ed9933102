//! The durable job queue: apalis with Redis storage when Redis is configured, otherwise the SQL
//! database itself (SQLite on the embedded default, PostgreSQL). Apalis has no MySQL storage
//! for its 1.0 release, so a MySQL deployment keeps its jobs in Redis.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use apalis::prelude::{TaskBuilder, TaskId, TaskSink};
use apalis_postgres::PostgresStorage;
use apalis_redis::{ConnectionManager, RedisStorage};
use apalis_sqlite::SqliteStorage;
use redis::{Cmd, cmd, pipe};
use sea_orm::{ConnectionTrait, DatabaseBackend};
use secrecy::ExposeSecret;
use serde::Serialize;

use super::job::Job;
use crate::config::Settings;
use crate::db::Db;

/// How long a worker may miss heartbeats before its claimed jobs go back to the queue.
pub const HEARTBEAT: Duration = Duration::from_secs(5);
pub const MISSED_HEARTBEATS: usize = 3;

#[derive(Clone)]
pub enum Storage {
    Sqlite(apalis_sqlite::SqlitePool),
    Postgres(apalis_postgres::PgPool),
    Redis(ConnectionManager),
}

/// Where jobs wait, and how many attempts each gets.
#[derive(Clone)]
pub struct JobQueue {
    pub storage: Storage,
    pub queue: String,
    pub max_attempts: u32,
}

/// A job that used up its attempts (or was aborted), as `tidings jobs failed` shows it.
#[derive(Debug, Serialize)]
pub struct FailedJob {
    pub id: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub job: String,
}

impl JobQueue {
    /// Connects the storage chosen by the settings and creates its tables (SQL) if needed.
    pub async fn connect(settings: &Settings, db: &Db) -> anyhow::Result<JobQueue> {
        let redis_url = settings
            .job_redis_url
            .as_ref()
            .or(settings.redis_url.as_ref());
        let storage = match (redis_url, db.backend()) {
            (Some(url), _) => {
                let client = redis::Client::open(url.expose_secret()).map_err(|error| {
                    anyhow::anyhow!("the job queue cannot use Redis (TIDINGS_REDIS_URL): {error}")
                })?;
                let manager =
                    tokio::time::timeout(Duration::from_secs(5), client.get_connection_manager())
                        .await
                        .map_err(|_| {
                            anyhow::anyhow!("the job queue's Redis did not answer within 5 s")
                        })?
                        .map_err(|error| {
                            anyhow::anyhow!("the job queue cannot reach Redis: {error}")
                        })?;
                Storage::Redis(manager)
            }
            (None, DatabaseBackend::Sqlite) => {
                let pool = db.conn.get_sqlite_connection_pool().clone();
                // Only the migrations: `setup` would also switch a pooled connection to
                // `synchronous=OFF`, weakening every write that later runs on it.
                SqliteStorage::<()>::migrations().run(&pool).await?;
                Storage::Sqlite(pool)
            }
            (None, DatabaseBackend::Postgres) => {
                let pool = db.conn.get_postgres_connection_pool().clone();
                PostgresStorage::<()>::setup(&pool).await?;
                Storage::Postgres(pool)
            }
            (None, _) => anyhow::bail!(
                "on MySQL the job queue lives in Redis: set TIDINGS_REDIS_URL (or TIDINGS_JOB_REDIS_URL)"
            ),
        };
        Ok(JobQueue {
            storage,
            queue: settings.job_queue.clone(),
            max_attempts: settings.job_max_attempts.max(1),
        })
    }

    pub fn kind(&self) -> &'static str {
        match self.storage {
            Storage::Sqlite(_) => "sqlite",
            Storage::Postgres(_) => "postgres",
            Storage::Redis(_) => "redis",
        }
    }

    fn task<T>(&self, args: T) -> apalis::prelude::Task<T> {
        TaskBuilder::new(args)
            .task_id(TaskId::from_ulid(ulid::Ulid::generate()))
            .max_attempts(self.max_attempts as usize)
            .build()
    }

    /// Pushes jobs straight to the queue (the outbox relay, and commands that own no write).
    pub async fn push_all(&self, jobs: Vec<Job>) -> anyhow::Result<()> {
        if jobs.is_empty() {
            return Ok(());
        }
        match &self.storage {
            Storage::Sqlite(pool) => {
                let mut tx = pool.begin().await?;
                apalis_sqlite::queries::push_tasks(&mut *tx, &self.queue, &self.encode(&jobs)?)
                    .await?;
                tx.commit().await?;
            }
            Storage::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                apalis_postgres::queries::push_tasks(&mut *tx, &self.queue, self.encode(&jobs)?)
                    .await?;
                tx.commit().await?;
            }
            Storage::Redis(manager) => {
                let mut storage = RedisStorage::<Job>::new(manager.clone())
                    .with_config(apalis_redis::Config::default().queue(&self.queue));
                for job in jobs {
                    storage
                        .push_task(self.task(job))
                        .await
                        .map_err(|error| anyhow::anyhow!("pushing a job to Redis: {error}"))?;
                }
            }
        }
        Ok(())
    }

    /// JSON-encoded tasks, the form the SQL storages keep.
    pub fn encode(&self, jobs: &[Job]) -> anyhow::Result<Vec<apalis::prelude::Task<Vec<u8>>>> {
        jobs.iter()
            .map(|job| Ok(self.task(serde_json::to_vec(job)?)))
            .collect()
    }

    /// Jobs that used up their attempts or were aborted, newest first.
    pub async fn failed(&self, limit: u64) -> anyhow::Result<Vec<FailedJob>> {
        let limit = limit as i64;
        Ok(match &self.storage {
            Storage::Sqlite(pool) => {
                let rows: Vec<(String, String, i64, Option<String>, String)> = sqlx::query_as(
                    "SELECT id, status, attempts, last_result, CAST(job AS TEXT) FROM Jobs \
                     WHERE job_type = ?1 AND (status = 'Killed' OR (status = 'Failed' AND attempts >= max_attempts)) \
                     ORDER BY done_at DESC LIMIT ?2",
                )
                .bind(&self.queue)
                .bind(limit)
                .fetch_all(pool)
                .await?;
                rows.into_iter()
                    .map(|(id, status, attempts, last_result, job)| FailedJob {
                        id,
                        status,
                        attempts,
                        last_error: last_result.map(|result| error_text(&result)),
                        job,
                    })
                    .collect()
            }
            Storage::Postgres(pool) => {
                let rows: Vec<(String, String, i32, Option<serde_json::Value>, String)> =
                    sqlx::query_as(
                        "SELECT id, status, attempts, last_result, convert_from(job, 'UTF8') FROM apalis.jobs \
                         WHERE job_type = $1 AND (status = 'Killed' OR (status = 'Failed' AND attempts >= max_attempts)) \
                         ORDER BY done_at DESC NULLS LAST LIMIT $2",
                    )
                    .bind(&self.queue)
                    .bind(limit)
                    .fetch_all(pool)
                    .await?;
                rows.into_iter()
                    .map(|(id, status, attempts, last_result, job)| FailedJob {
                        id,
                        status,
                        attempts: i64::from(attempts),
                        last_error: last_result.map(|result| error_text(&result.to_string())),
                        job,
                    })
                    .collect()
            }
            Storage::Redis(manager) => {
                let mut connection = manager.clone();
                let ids: Vec<String> = redis_cmd("SMEMBERS")
                    .arg(format!("{}:dead", self.queue))
                    .query_async(&mut connection)
                    .await?;
                let mut jobs = Vec::new();
                for id in ids.into_iter().take(limit as usize) {
                    let meta: std::collections::HashMap<String, String> = redis_cmd("HGETALL")
                        .arg(format!("{}:meta:{id}", self.queue))
                        .query_async(&mut connection)
                        .await?;
                    let payload: Option<Vec<u8>> = redis_cmd("HGET")
                        .arg(format!("{}:data", self.queue))
                        .arg(&id)
                        .query_async(&mut connection)
                        .await?;
                    jobs.push(FailedJob {
                        status: meta.get("status").cloned().unwrap_or_default(),
                        attempts: meta
                            .get("attempts")
                            .and_then(|value| value.parse().ok())
                            .unwrap_or(0),
                        last_error: meta.get("result").map(|result| error_text(result)),
                        job: String::from_utf8_lossy(&payload.unwrap_or_default()).into_owned(),
                        id,
                    });
                }
                jobs
            }
        })
    }

    /// Puts a failed job back in the queue with fresh attempts; false when no failed job has `id`.
    pub async fn retry(&self, id: &str) -> anyhow::Result<bool> {
        Ok(match &self.storage {
            Storage::Sqlite(pool) => sqlx::query(
                "UPDATE Jobs SET status = 'Pending', attempts = 0, run_at = strftime('%s','now'), \
                     lock_by = NULL, lock_at = NULL, done_at = NULL, last_result = NULL \
                     WHERE id = ?1 AND job_type = ?2 AND status IN ('Failed', 'Killed')",
            )
            .bind(id)
            .bind(&self.queue)
            .execute(pool)
            .await?
            .rows_affected()
                == 1,
            Storage::Postgres(pool) => {
                sqlx::query(
                    "UPDATE apalis.jobs SET status = 'Pending', attempts = 0, run_at = now(), \
                     lock_by = NULL, lock_at = NULL, done_at = NULL, last_result = NULL \
                     WHERE id = $1 AND job_type = $2 AND status IN ('Failed', 'Killed')",
                )
                .bind(id)
                .bind(&self.queue)
                .execute(pool)
                .await?
                .rows_affected()
                    == 1
            }
            Storage::Redis(manager) => {
                let mut connection = manager.clone();
                let dead = format!("{}:dead", self.queue);
                let removed: i64 = redis_cmd("SREM")
                    .arg(&dead)
                    .arg(id)
                    .query_async(&mut connection)
                    .await?;
                if removed == 0 {
                    return Ok(false);
                }
                let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
                let _: () = pipe()
                    .atomic()
                    .cmd("HSET")
                    .arg(format!("{}:meta:{id}", self.queue))
                    .arg("status")
                    .arg("Pending")
                    .arg("attempts")
                    .arg(0)
                    .ignore()
                    .cmd("ZADD")
                    .arg(format!("{}:scheduled", self.queue))
                    .arg(now)
                    .arg(id)
                    .ignore()
                    .query_async(&mut connection)
                    .await?;
                true
            }
        })
    }

    /// Jobs waiting or running (for `tidings jobs` and tests).
    pub async fn pending_count(&self, db: &Db) -> anyhow::Result<i64> {
        let outbox: i64 = db
            .conn
            .query_one_raw(sea_orm::Statement::from_string(
                db.backend(),
                "SELECT COUNT(*) AS n FROM job_outbox",
            ))
            .await?
            .map(|row| row.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        let queued: i64 = match &self.storage {
            Storage::Sqlite(pool) => sqlx::query_scalar(
                "SELECT COUNT(*) FROM Jobs WHERE job_type = ?1 AND status IN ('Pending', 'Queued', 'Running') \
                 OR (job_type = ?1 AND status = 'Failed' AND attempts < max_attempts)",
            )
            .bind(&self.queue)
            .fetch_one(pool)
            .await?,
            Storage::Postgres(pool) => sqlx::query_scalar(
                "SELECT COUNT(*) FROM apalis.jobs WHERE job_type = $1 AND (status IN ('Pending', 'Queued', 'Running') \
                 OR (status = 'Failed' AND attempts < max_attempts))",
            )
            .bind(&self.queue)
            .fetch_one(pool)
            .await?,
            Storage::Redis(manager) => {
                let mut connection = manager.clone();
                let (active, scheduled): (i64, i64) = pipe()
                    .cmd("LLEN")
                    .arg(format!("{}:active", self.queue))
                    .cmd("ZCARD")
                    .arg(format!("{}:scheduled", self.queue))
                    .query_async(&mut connection)
                    .await?;
                active + scheduled
            }
        };
        Ok(outbox + queued)
    }
}

fn redis_cmd(name: &str) -> Cmd {
    cmd(name)
}

/// `{"Err":"message"}` → `message`; anything else as it is.
fn error_text(result: &str) -> String {
    serde_json::from_str::<serde_json::Value>(result)
        .ok()
        .and_then(|value| {
            value
                .get("Err")
                .and_then(|err| err.as_str().map(str::to_string))
        })
        .unwrap_or_else(|| result.to_string())
}
