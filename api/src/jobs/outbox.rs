//! The transactional outbox: a write records the jobs it owes in its own transaction, and a
//! relay in every process moves them to the job queue after commit. A crash between commit and
//! enqueue leaves the rows here, and the next relay pass delivers them.
//!
//! When the queue lives in the same SQL database, a row is deleted and its job inserted in one
//! transaction, so each job is queued exactly once however many processes relay. With Redis
//! the push cannot join the transaction: a crash after the push and before the commit queues
//! the job again, which the idempotent jobs tolerate.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use tokio::sync::Notify;

use super::job::Job;
use super::queue::{JobQueue, Storage};
use crate::db::Db;
use crate::entity::job_outbox;

/// Rows moved per relay pass (the SQL below repeats it).
const RELAY_BATCH: usize = 200;
/// How often the relay looks without being woken (other processes' writes, crash leftovers).
const RELAY_INTERVAL: Duration = Duration::from_millis(500);

/// Records `job` in the caller's transaction; call `Jobs::wake` after the commit.
pub async fn record<C: ConnectionTrait>(conn: &C, job: &Job) -> Result<(), DbErr> {
    let payload = serde_json::to_string(job).map_err(|error| DbErr::Custom(error.to_string()))?;
    job_outbox::Entity::insert(job_outbox::ActiveModel {
        payload: Set(payload),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}

/// Moves one batch from the outbox to the queue; returns how many rows it moved (more than
/// the jobs queued when some were merged).
pub async fn relay_once(db: &Db, queue: &JobQueue) -> anyhow::Result<usize> {
    match db.backend() {
        DatabaseBackend::Sqlite => {
            // The DELETE takes SQLite's write lock first, so no other relay sees these rows.
            let _writer = db.lock_sqlite_writer().await;
            let mut tx = db.conn.get_sqlite_connection_pool().begin().await?;
            let rows: Vec<(i64, String)> = sqlx::query_as(
                "DELETE FROM job_outbox WHERE id IN \
                 (SELECT id FROM job_outbox ORDER BY id LIMIT 200) RETURNING id, payload",
            )
            .fetch_all(&mut *tx)
            .await?;
            let moved = rows.len();
            let jobs = decode(rows);
            match &queue.storage {
                Storage::Sqlite(_) => {
                    apalis_sqlite::queries::push_tasks(
                        &mut *tx,
                        &queue.queue,
                        &queue.encode(&jobs)?,
                    )
                    .await?;
                }
                _ => queue.push_all(jobs.clone()).await?,
            }
            tx.commit().await?;
            Ok(moved)
        }
        DatabaseBackend::Postgres => {
            // SKIP LOCKED: rows another process is relaying are neither waited for nor taken.
            let mut tx = db.conn.get_postgres_connection_pool().begin().await?;
            let rows: Vec<(i64, String)> = sqlx::query_as(
                "DELETE FROM job_outbox WHERE id IN (SELECT id FROM job_outbox ORDER BY id \
                 LIMIT 200 FOR UPDATE SKIP LOCKED) RETURNING id, payload",
            )
            .fetch_all(&mut *tx)
            .await?;
            let moved = rows.len();
            let jobs = decode(rows);
            match &queue.storage {
                Storage::Postgres(_) => {
                    apalis_postgres::queries::push_tasks(
                        &mut *tx,
                        &queue.queue,
                        queue.encode(&jobs)?,
                    )
                    .await?;
                }
                _ => queue.push_all(jobs.clone()).await?,
            }
            tx.commit().await?;
            Ok(moved)
        }
        _ => {
            // MySQL has no DELETE … RETURNING: lock, push (to Redis), delete, commit.
            let txn = db.begin_write().await?;
            let rows = job_outbox::Entity::find()
                .order_by_asc(job_outbox::Column::Id)
                .limit(RELAY_BATCH as u64)
                .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
                .all(&*txn)
                .await?;
            let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
            let moved = ids.len();
            let jobs = decode(rows.into_iter().map(|row| (row.id, row.payload)).collect());
            queue.push_all(jobs.clone()).await?;
            if !ids.is_empty() {
                job_outbox::Entity::delete_many()
                    .filter(job_outbox::Column::Id.is_in(ids))
                    .exec(&*txn)
                    .await?;
            }
            txn.commit().await?;
            Ok(moved)
        }
    }
}

fn decode(mut rows: Vec<(i64, String)>) -> Vec<Job> {
    rows.sort_by_key(|(id, _)| *id);
    let jobs = rows
        .into_iter()
        .filter_map(|(id, payload)| match serde_json::from_str(&payload) {
            Ok(job) => Some(job),
            Err(error) => {
                // Only a payload written by an incompatible version can fail here; it is
                // dropped loudly rather than blocking every job behind it.
                tracing::error!(outbox_id = id, %error, payload, "dropping an unreadable outbox row");
                None
            }
        })
        .collect();
    Job::coalesce(jobs)
}

/// Runs the relay until the process ends: after every local commit that recorded a job (the
/// `wake` notification) and every `RELAY_INTERVAL` otherwise.
pub fn spawn_relay(db: Db, queue: JobQueue, wake: Arc<Notify>) {
    tokio::spawn(crate::telemetry::metrics::background(async move {
        let mut failing = false;
        loop {
            match relay_once(&db, &queue).await {
                Ok(moved) if moved == RELAY_BATCH => continue,
                Ok(_) => {
                    if failing {
                        tracing::info!("the job outbox relay works again");
                        failing = false;
                    }
                }
                Err(error) => {
                    if !failing {
                        tracing::warn!(
                            error = format!("{error:#}"),
                            "the job outbox relay failed; retrying"
                        );
                        failing = true;
                    }
                }
            }
            let _ = tokio::time::timeout(RELAY_INTERVAL, wake.notified()).await;
        }
    }));
}
