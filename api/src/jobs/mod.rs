//! Background jobs: the job type, the durable queue (apalis on Redis or the SQL database), the
//! transactional outbox that feeds it, the workers, and the operator's view of failed jobs.

pub mod job;
pub mod outbox;
pub mod queue;
pub mod worker;

use std::sync::Arc;

use sea_orm::ActiveValue::Set;
use sea_orm::EntityTrait;
use tokio::sync::Notify;

pub use job::Job;
pub use queue::JobQueue;

use crate::config::Settings;
use crate::db::Db;
use crate::entity::job_probes;

/// The queue plus the relay's doorbell, shared by everything in a process.
#[derive(Clone)]
pub struct Jobs {
    pub queue: JobQueue,
    wake: Arc<Notify>,
}

impl Jobs {
    pub async fn connect(settings: &Settings, db: &Db) -> anyhow::Result<Jobs> {
        Ok(Jobs {
            queue: JobQueue::connect(settings, db).await?,
            wake: Arc::new(Notify::new()),
        })
    }

    /// Tells the relay that a committed transaction recorded jobs.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Moves outbox rows to the queue from now on (every process that writes or works runs it).
    pub fn spawn_relay(&self, db: Db) {
        outbox::spawn_relay(db, self.queue.clone(), self.wake.clone());
    }
}

/// Records `count` canary jobs named `{prefix}-{n}` that fail their first `fail_attempts`
/// attempts, in one transaction with their outbox rows. Returns their names.
pub async fn enqueue_probes(
    db: &Db,
    jobs: &Jobs,
    prefix: &str,
    count: u32,
    fail_attempts: u32,
) -> anyhow::Result<Vec<String>> {
    let names: Vec<String> = (1..=count).map(|n| format!("{prefix}-{n}")).collect();
    let txn = db.begin_write().await?;
    for chunk in names.chunks(500) {
        job_probes::Entity::insert_many(chunk.iter().map(|name| job_probes::ActiveModel {
            name: Set(name.clone()),
            attempts: Set(0),
            fail_attempts: Set(fail_attempts as i32),
            succeeded_at: Set(None),
        }))
        .exec(&*txn)
        .await?;
        for name in chunk {
            outbox::record(
                &*txn,
                &Job::Probe {
                    name: name.clone(),
                    fail_attempts,
                },
            )
            .await?;
        }
    }
    txn.commit().await?;
    jobs.wake();
    Ok(names)
}
