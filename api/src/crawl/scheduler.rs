//! The feed scheduler: runs wherever job workers run and, every
//! `TIDINGS_FEED_SCHEDULER_INTERVAL_SECS`, turns due sources into `PollFeed` jobs. Claiming a
//! source moves its next poll forward and records the job in one transaction, with a
//! compare-and-set on `next_poll_at`, so several processes never schedule a source twice.

use std::time::Duration;

use chrono::Utc;

use super::repo;
use crate::domain::ids::FeedSourceId;
use crate::jobs::{Job, outbox};
use crate::state::AppState;

/// Sources claimed per pass; a longer backlog is taken on the next passes.
const BATCH: u64 = 100;

pub fn spawn(state: AppState) {
    tokio::spawn(crate::telemetry::metrics::background(async move {
        let period = Duration::from_secs(state.settings.feed_scheduler_interval_secs.max(1));
        // The first pass one period after start-up: a restart storm does not poll everything at
        // once, and what was due stays due.
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match claim_due(&state).await {
                Ok(0) => {}
                Ok(claimed) => tracing::info!(claimed, "feed polls scheduled"),
                Err(error) => tracing::warn!(%error, "the feed scheduler failed; retrying"),
            }
        }
    }));
}

/// Claims every due source (up to a batch) and queues a poll for each; returns how many.
pub async fn claim_due(state: &AppState) -> Result<usize, sea_orm::DbErr> {
    let now = Utc::now();
    let due = repo::due_ids(&state.db.conn, now, BATCH).await?;
    if due.is_empty() {
        return Ok(0);
    }
    let txn = state.db.begin_write().await?;
    let mut claimed = 0;
    for source_id in due {
        let next = super::service::next_poll_at(&state.settings, now);
        if repo::claim(&*txn, source_id, now, next).await? {
            outbox::record(
                &*txn,
                &Job::PollFeed {
                    source_id: FeedSourceId(source_id),
                },
            )
            .await?;
            claimed += 1;
        }
    }
    txn.commit().await?;
    state.jobs.wake();
    Ok(claimed)
}
