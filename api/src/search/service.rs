//! Search and hot lists for the API, and the indexing job that keeps the index in step with
//! the database.

use std::time::Duration;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::documents;
use crate::db::pagination::{Page, page_limit};
use crate::domain::ids::{PostId, UserId};
use crate::error::{AppError, Result};
use crate::index::Hit;
use crate::index::dirty;
use crate::read_model::cards;
use crate::read_model::cards::{CardPage, PostCard};
use crate::state::AppState;

/// Posts indexed per batch.
const INDEX_BATCH: u64 = 500;
/// After a batch, the job waits this long before taking marks made meanwhile, so a post that
/// keeps being liked is re-indexed at most about once a second.
const INDEX_DEBOUNCE: Duration = Duration::from_millis(1000);
/// How often workers look for marks nobody is indexing.
const SWEEP_INTERVAL: Duration = Duration::from_secs(5);

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Plain words to look for, in titles, tags and text (Chinese works too); 1–200 characters.
    /// Posts matching more of the words rank higher. There is no query syntax: punctuation,
    /// `field:`, `*`, quotes and AND/OR/NOT are read as plain text.
    #[param(min_length = 1, max_length = 200)]
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

#[tracing::instrument(skip(state, query))]
pub async fn search(
    state: &AppState,
    viewer: Option<UserId>,
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
    let (offset, limit) = state
        .cursors
        .offset_page(query.cursor.as_deref(), query.limit)?;
    let tag = query
        .tag
        .as_deref()
        .map(str::trim)
        .filter(|tag| !tag.is_empty());
    if tag.is_some_and(|tag| !crate::content::validation::is_tag(tag)) {
        // No post carries a tag that could not be stored: nothing to ask the backend.
        return Ok(Page {
            items: Vec::new(),
            next_cursor: None,
        });
    }
    let hits = state
        .search
        .search(q, tag, offset, limit + 1)
        .await
        .map_err(search_unavailable)?;
    let more = hits.len() as u64 > limit;
    let hits: Vec<Hit> = hits.into_iter().take(limit as usize).collect();
    let ids: Vec<i64> = hits.iter().map(|hit| hit.id).collect();
    let mut cards = cards::build(state, viewer, &PostId::all(&ids)).await?;
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
    let next_cursor = state.cursors.next_offset(offset, limit, ids.len(), more);
    Ok(Page { items, next_cursor })
}

/// Posts ranked by gauss(age) × engagement, optionally within one tag.
pub async fn hot(
    state: &AppState,
    viewer: Option<UserId>,
    tag: Option<&str>,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<CardPage> {
    let limit = page_limit(limit)?;
    let after = match cursor {
        None | Some("") => None,
        Some(cursor) => Some(state.cursors.decode_hot(cursor, Utc::now().timestamp())?),
    };
    if tag.is_some_and(|tag| !crate::content::validation::is_tag(tag)) {
        // No post carries such a tag; it never becomes a key of the hot-list cache either.
        return Ok(CardPage::empty());
    }
    let mut keys = state
        .search
        .hot(tag, Utc::now(), after, limit + 1)
        .await
        .map_err(search_unavailable)?;
    let more = keys.len() as u64 > limit;
    keys.truncate(limit as usize);
    let ids: Vec<i64> = keys.iter().map(|key| key.id).collect();
    let next_cursor = keys
        .last()
        .filter(|_| more)
        .map(|last| state.cursors.encode_hot(*last));
    cards::page(state, viewer, &PostId::all(&ids), next_cursor).await
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
        let documents = documents::load(conn, &ids).await?;
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
    tokio::spawn(crate::telemetry::metrics::background(async move {
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
