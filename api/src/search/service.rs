//! Search and hot lists for the API, and the indexing job that keeps the index in step with
//! the database.

use std::time::Duration;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::{HotCursor, dirty, document};
use crate::error::{AppError, Result};
use crate::pagination::{DEFAULT_LIMIT, MAX_LIMIT, Page};
use crate::posts::cards;
use crate::posts::dto::PostCard;
use crate::state::AppState;

/// Posts indexed per batch.
const INDEX_BATCH: u64 = 500;
/// After a batch, the job waits this long before taking marks made meanwhile, so a post that
/// keeps being liked is re-indexed at most about once a second.
const INDEX_DEBOUNCE: Duration = Duration::from_millis(1000);
/// How often workers look for marks nobody is indexing.
const SWEEP_INTERVAL: Duration = Duration::from_secs(5);
/// The deepest result a search or hot list pages to.
const MAX_OFFSET: u64 = 1000;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words to look for (in titles, tags and text; Chinese works too).
    pub q: String,
    /// Only posts with this tag.
    pub tag: Option<String>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// A search result: the post's card plus highlighted fragments (HTML with `<b>` around the
/// matched words; everything else escaped).
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResult {
    pub post: PostCard,
    /// The title with matches highlighted.
    pub title_html: String,
    /// A fragment of the text around the matches, highlighted; empty when only the title matched.
    pub snippet_html: String,
}

/// One hit as a backend returns it.
#[derive(Debug, Clone)]
pub struct Hit {
    pub id: i64,
    pub title_html: String,
    pub snippet_html: String,
}

fn page_limit(limit: Option<u64>) -> Result<u64> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::invalid_field(
            "invalid_limit",
            "limit",
            format!("limit must be between 1 and {MAX_LIMIT}"),
        ));
    }
    Ok(limit)
}

/// Offset cursors for ranked lists (scores move, so there is no stable key to page by).
pub fn parse_offset(cursor: Option<&str>, limit: Option<u64>) -> Result<(u64, u64)> {
    let limit = page_limit(limit)?;
    let offset = match cursor {
        None | Some("") => 0,
        Some(cursor) => crate::pagination::decode_offset_cursor(cursor)?,
    };
    Ok((offset, limit))
}

fn next_cursor(offset: u64, limit: u64, returned: usize, more: bool) -> Option<String> {
    let next = offset + returned as u64;
    (more && returned as u64 == limit && next < MAX_OFFSET)
        .then(|| crate::pagination::encode_offset_cursor(next))
}

#[tracing::instrument(skip(state, query))]
pub async fn search(
    state: &AppState,
    viewer: Option<i64>,
    query: SearchQuery,
) -> Result<Page<SearchResult>> {
    let q = query.q.trim();
    if q.is_empty() {
        return Err(AppError::invalid_field(
            "empty_query",
            "q",
            "say what to search for",
        ));
    }
    if q.chars().count() > 200 {
        return Err(AppError::invalid_field(
            "query_too_long",
            "q",
            "a search is at most 200 characters",
        ));
    }
    let (offset, limit) = parse_offset(query.cursor.as_deref(), query.limit)?;
    let tag = query
        .tag
        .as_deref()
        .map(str::trim)
        .filter(|tag| !tag.is_empty());
    let hits = state
        .search
        .search(q, tag, offset, limit + 1)
        .await
        .map_err(search_unavailable)?;
    let more = hits.len() as u64 > limit;
    let hits: Vec<Hit> = hits.into_iter().take(limit as usize).collect();
    let ids: Vec<i64> = hits.iter().map(|hit| hit.id).collect();
    let mut cards = cards::build(state, viewer, &ids).await?;
    // A post deleted since it was indexed has no card; its hit is dropped.
    let items = hits
        .into_iter()
        .filter_map(|hit| {
            let position = cards.iter().position(|card| card.id == hit.id)?;
            Some(SearchResult {
                post: cards.swap_remove(position),
                title_html: hit.title_html,
                snippet_html: hit.snippet_html,
            })
        })
        .collect::<Vec<_>>();
    let next_cursor = next_cursor(offset, limit, ids.len(), more);
    Ok(Page { items, next_cursor })
}

/// Posts ranked by gauss(age) × engagement, optionally within one tag.
pub async fn hot(
    state: &AppState,
    viewer: Option<i64>,
    tag: Option<&str>,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<PostCard>> {
    let limit = page_limit(limit)?;
    let after = match cursor {
        None | Some("") => None,
        Some(cursor) => Some(decode_hot_cursor(cursor)?),
    };
    let mut keys = state
        .search
        .hot(tag, Utc::now(), after, limit + 1)
        .await
        .map_err(search_unavailable)?;
    let more = keys.len() as u64 > limit;
    keys.truncate(limit as usize);
    let ids: Vec<i64> = keys.iter().map(|key| key.id).collect();
    let items = cards::build(state, viewer, &ids).await?;
    Ok(Page {
        next_cursor: keys
            .last()
            .filter(|_| more)
            .map(|last| encode_hot_cursor(*last)),
        items,
    })
}

fn encode_hot_cursor(cursor: HotCursor) -> String {
    URL_SAFE_NO_PAD.encode(format!(
        "h1:{}:{:x}:{}",
        cursor.now,
        cursor.score.to_bits(),
        cursor.id
    ))
}

fn decode_hot_cursor(cursor: &str) -> Result<HotCursor> {
    let invalid =
        || AppError::bad_request("invalid_cursor", "the cursor is not one this API issued");
    let text = URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(invalid)?;
    let mut parts = text.strip_prefix("h1:").ok_or_else(invalid)?.split(':');
    let (Some(now), Some(score), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    Ok(HotCursor {
        now: now.parse().map_err(|_| invalid())?,
        score: u64::from_str_radix(score, 16)
            .map(f64::from_bits)
            .ok()
            .filter(|score| score.is_finite())
            .ok_or_else(invalid)?,
        id: id.parse().map_err(|_| invalid())?,
    })
}

fn search_unavailable(error: anyhow::Error) -> AppError {
    tracing::warn!(error = format!("{error:#}"), "search backend failed");
    AppError::Unavailable("search is unavailable right now; try again shortly".into())
}

/// Job: index every marked post (delete the documents of posts that are gone), batch after
/// batch, until nothing is marked. Fails (and is retried) while the backend is down; the marks
/// stay, so nothing is lost.
pub async fn index_marked(state: &AppState) -> anyhow::Result<()> {
    let conn = &state.db.conn;
    loop {
        let marks = dirty::pending(conn, INDEX_BATCH).await?;
        if marks.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = marks.iter().map(|(id, _)| *id).collect();
        let documents = document::load(conn, &ids).await?;
        let gone: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !documents.iter().any(|document| document.id == *id))
            .collect();
        state
            .metrics
            .search_documents_indexed
            .inc_by(documents.len() as u64);
        state.search.upsert(documents).await?;
        state.search.delete(gone).await?;
        dirty::clear(conn, &marks).await?;
        tokio::time::sleep(INDEX_DEBOUNCE).await;
    }
}

/// Where workers run: every few seconds, if marks are waiting while no index job is due (its
/// attempts ran out while the backend was down), queue one, so the index catches up by itself
/// once the backend is back.
pub fn spawn_sweeper(state: AppState) {
    tokio::spawn(crate::metrics::background(async move {
        let mut interval = tokio::time::interval(SWEEP_INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(error) = sweep(&state).await {
                tracing::debug!(error = format!("{error:#}"), "search sweep");
            }
        }
    }));
}

async fn sweep(state: &AppState) -> anyhow::Result<()> {
    let stale_before = Utc::now() - chrono::Duration::from_std(SWEEP_INTERVAL)?;
    if !dirty::has_older_than(&state.db.conn, stale_before).await? {
        return Ok(());
    }
    let txn = state.db.begin_write().await?;
    crate::jobs::outbox::record(&*txn, &crate::jobs::Job::IndexPosts).await?;
    txn.commit().await?;
    state.jobs.wake();
    Ok(())
}
