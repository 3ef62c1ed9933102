//! Job workers. They run inside `tidings serve` by default and as `tidings worker` processes
//! for scale-out; the storage hands each job to one worker at a time. Every job gets the
//! application's state (database, cache, Redis) and the job table (`startup::perform_job`), and
//! is retried with exponential backoff up to the configured attempts; after the
//! last one it is kept as failed for `tidings jobs failed` / `tidings jobs retry`.

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use apalis::layers::retry::backoff::{ExponentialBackoff, ExponentialBackoffMaker, MakeBackoff};
use apalis::layers::retry::{HasherRng, RetryPolicy};
use apalis::prelude::{
    AbortError, Attempt, BackendExt, BoxDynError, Data, ParallelizeExt, WorkerBuilder,
    WorkerBuilderExt,
};
use apalis_postgres::PostgresStorage;
use apalis_redis::RedisStorage;
use apalis_sqlite::SqliteStorage;
use chrono::Utc;
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::job::Job;
use super::queue::{HEARTBEAT, MISSED_HEARTBEATS, Storage};
use crate::entity::job_probes;
use crate::state::AppState;

/// How often an idle worker looks for new jobs (PostgreSQL is also woken by NOTIFY).
const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(300);

/// What a job does: given the application's state and the job, its work. The table from job
/// to feature lives above the features (`startup::perform_job`), so this module knows none.
pub type Perform = fn(AppState, Job) -> BoxFuture<'static, anyhow::Result<()>>;

/// What every worker holds: the application's state and the job table.
#[derive(Clone)]
struct Context {
    state: AppState,
    perform: Perform,
}

/// The apalis handler: runs `perform`, turns a panic into an error (a panic would otherwise
/// leave the job marked running), and aborts the job once its last attempt failed.
async fn handle(job: Job, context: Data<Context>, attempt: Attempt) -> Result<(), BoxDynError> {
    let kind = job.kind();
    let state = &context.state;
    let work = (context.perform)(state.clone(), job);
    let outcome = AssertUnwindSafe(crate::telemetry::metrics::background(work))
        .catch_unwind()
        .await;
    let error = match outcome {
        Ok(Ok(())) => {
            state.metrics.jobs.with_label_values(&[kind, "done"]).inc();
            return Ok(());
        }
        Ok(Err(error)) => error,
        Err(_) => anyhow::anyhow!("the job panicked"),
    };
    let max_attempts = max_attempts(&state.settings);
    tracing::warn!(
        kind,
        attempt = attempt.current(),
        max_attempts,
        error = format!("{error:#}"),
        "job failed"
    );
    if attempt.current() >= max_attempts {
        state
            .metrics
            .jobs
            .with_label_values(&[kind, "failed"])
            .inc();
        return Err(AbortError::new(format!("{error:#}")).into());
    }
    state
        .metrics
        .jobs
        .with_label_values(&[kind, "retried"])
        .inc();
    Err(format!("{error:#}").into())
}

fn max_attempts(settings: &crate::config::Settings) -> usize {
    std::cmp::max(settings.job_max_attempts, 1) as usize
}

fn backoff(first: Duration) -> ExponentialBackoff {
    let first = first.max(Duration::from_millis(1));
    ExponentialBackoffMaker::new(first, MAX_BACKOFF.max(first), 0.2, HasherRng::default())
        .map(|mut maker| maker.make_backoff())
        .unwrap_or_else(|_| ExponentialBackoffMaker::default().make_backoff())
}

/// Builds one worker on `$backend` and runs it to its end.
macro_rules! run_worker {
    ($name:expr, $backend:expr, $context:expr) => {{
        let settings = &$context.state.settings;
        WorkerBuilder::new($name)
            .backend($backend)
            .data($context.clone())
            .concurrency(std::cmp::max(settings.job_concurrency, 1))
            .parallelize(tokio::spawn)
            .retry(
                RetryPolicy::retries(max_attempts(settings) - 1)
                    .with_backoff(backoff(Duration::from_millis(settings.job_backoff_ms))),
            )
            .build(handle)
            .run()
            .await
            .map_err(|error| error.to_string())
    }};
}

/// Starts this process's workers, which run each job with `perform`. A worker that stops on a
/// storage error (a lost connection) is started again after a pause, under a new name.
pub fn spawn_workers(state: AppState, perform: Perform) {
    let context = Context { state, perform };
    tokio::spawn(async move {
        let queue = context.state.jobs.queue.clone();
        for run in 1.. {
            let name = format!(
                "tidings-{}-{}-{run}",
                std::process::id(),
                ulid::Ulid::generate()
            );
            let result = match &queue.storage {
                Storage::Sqlite(pool) => run_worker!(
                    name,
                    SqliteStorage::<Job>::new(pool)
                        .with_config(
                            apalis_sqlite::Config::default()
                                .queue(&queue.queue)
                                .heartbeat_interval(HEARTBEAT)
                                .missed_heartbeats(MISSED_HEARTBEATS)
                        )
                        .poll_with_interval(POLL_INTERVAL),
                    context
                ),
                Storage::Postgres(pool) => run_worker!(
                    name,
                    PostgresStorage::<Job>::new(pool)
                        .with_config(
                            apalis_postgres::Config::default()
                                .queue(&queue.queue)
                                .heartbeat_interval(HEARTBEAT)
                                .missed_heartbeats(MISSED_HEARTBEATS)
                        )
                        .poll_with_interval(POLL_INTERVAL),
                    context
                ),
                Storage::Redis(manager) => run_worker!(
                    name,
                    RedisStorage::<Job>::new(manager.clone())
                        .with_config(
                            apalis_redis::Config::default()
                                .queue(&queue.queue)
                                .heartbeat_interval(HEARTBEAT)
                                .missed_heartbeats(MISSED_HEARTBEATS)
                        )
                        .poll_with_interval(POLL_INTERVAL),
                    context
                ),
            };
            // Workers run for the life of the process: whether its stream ended or failed, a
            // stopped worker is replaced.
            match result {
                Ok(()) => tracing::warn!("a job worker ended; starting another in 1 s"),
                Err(error) => {
                    tracing::warn!(%error, "a job worker stopped; starting another in 1 s")
                }
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

/// The canary job: counts the attempt, then fails on purpose while attempts ≤ `fail_attempts`.
pub async fn probe(state: &AppState, name: &str, fail_attempts: u32) -> anyhow::Result<()> {
    let txn = state.db.begin_write().await?;
    job_probes::Entity::update_many()
        .col_expr(
            job_probes::Column::Attempts,
            Expr::col(job_probes::Column::Attempts).add(1),
        )
        .filter(job_probes::Column::Name.eq(name))
        .exec(&*txn)
        .await?;
    let probe = job_probes::Entity::find_by_id(name.to_string())
        .one(&*txn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no probe named {name}"))?;
    if probe.attempts <= fail_attempts as i32 {
        txn.commit().await?;
        anyhow::bail!(
            "probe {name} fails attempt {} of the first {fail_attempts} on purpose",
            probe.attempts
        );
    }
    if probe.succeeded_at.is_none() {
        job_probes::Entity::update(job_probes::ActiveModel {
            name: Set(name.to_string()),
            succeeded_at: Set(Some(Utc::now())),
            ..Default::default()
        })
        .exec(&*txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
