//! The live inbox: `text/event-stream` of `notification` events (id = notification id) and
//! `unread` count events. The table is the truth and a signal only says "look": a woken stream
//! reads what is newer than the last id it sent, so a missed signal delays an event, never loses
//! one, and `Last-Event-ID` resumes exactly after what the client saw.

use std::time::Duration;

use actix_web_lab::sse;
use tokio::sync::mpsc;

use super::repo;
use super::service::{render, unread_count};
use crate::domain::ids::UserId;
use crate::live::Watching;
use crate::state::AppState;

/// A comment line this often keeps proxies from closing an idle stream.
pub const HEARTBEAT: Duration = Duration::from_secs(20);
/// Even without a signal, a stream looks this often: for a signal lost when Redis refused a
/// publish (a lost subscription already wakes every stream when it returns). Long, because
/// every idle stream pays it: 1,000 streams looking every 30 s cost 2.4 % of a core.
const RECHECK: Duration = Duration::from_secs(300);
/// Notifications sent per read; a stream far behind catches up over several.
const CATCH_UP_BATCH: u64 = 100;
/// Streams one person may hold open in one process (tabs, devices); a ninth ends the oldest.
pub const MAX_PER_USER: usize = 8;

/// Runs one stream until its client goes: first the unread count and whatever is newer than
/// `after` (when resuming), then everything new as it comes.
pub async fn run(
    state: AppState,
    user: UserId,
    after: Option<i64>,
    mut watching: Watching,
    events: mpsc::Sender<sse::Event>,
) {
    let mut last = match after {
        Some(after) => after,
        None => match repo::newest_id(&state.db.conn, user.get()).await {
            Ok(newest) => newest,
            Err(error) => {
                tracing::warn!(%error, "opening a notification stream");
                return;
            }
        },
    };
    let mut last_count: Option<i64> = None;
    loop {
        // Marked seen before reading, so a signal during the read wakes the next round.
        watching.changes.borrow_and_update();
        match send_new(&state, user, &mut last, &mut last_count, &events).await {
            Ok(true) => continue, // more waiting
            Ok(false) => {}
            Err(Closed) => return,
        }
        tokio::select! {
            changed = watching.changes.changed() => {
                if changed.is_err() {
                    return;
                }
            }
            () = events.closed() => return,
            () = watching.replaced.notified() => return,
            () = tokio::time::sleep(RECHECK) => {}
        }
    }
}

struct Closed;

/// Sends what is new; `Ok(true)` when a full batch went and more may be waiting.
async fn send_new(
    state: &AppState,
    user: UserId,
    last: &mut i64,
    last_count: &mut Option<i64>,
    events: &mpsc::Sender<sse::Event>,
) -> Result<bool, Closed> {
    let rows = match repo::newer(&state.db.conn, user.get(), *last, CATCH_UP_BATCH).await {
        Ok(rows) => rows,
        Err(error) => {
            tracing::warn!(%error, "reading a notification stream");
            return Ok(false);
        }
    };
    let full = rows.len() as u64 == CATCH_UP_BATCH;
    let newest = rows.last().map(|row| row.id);
    let rendered = match render(state, rows).await {
        Ok(rendered) => rendered,
        Err(error) => {
            tracing::warn!(%error, "rendering a notification stream");
            return Ok(false);
        }
    };
    for notification in rendered {
        let id = notification.id;
        let data = match serde_json::to_string(&notification) {
            Ok(data) => data,
            Err(_) => continue,
        };
        let event = sse::Data::new(data)
            .event("notification")
            .id(id.to_string());
        events.send(event.into()).await.map_err(|_| Closed)?;
    }
    if let Some(newest) = newest {
        *last = newest;
    }
    match unread_count(state, user).await {
        Ok(count) if Some(count) != *last_count => {
            *last_count = Some(count);
            let event = sse::Data::new(format!(r#"{{"count":{count}}}"#)).event("unread");
            events.send(event.into()).await.map_err(|_| Closed)?;
        }
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, "reading an unread count"),
    }
    Ok(full)
}
