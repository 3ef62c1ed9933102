//! Feed-source rules (who owns what, how many), polling a source, and importing entries as
//! posts exactly once.

use chrono::{DateTime, Duration, Utc};
use indicatif::ProgressBar;
use rand::Rng;
use validator::Validate;

use super::dto::{CreateFeedSourceRequest, FeedSource, FeedSourceList};
use super::fetch::{self, FetchPolicy, Fetched, Validators};
use super::parse::{self, FeedItem};
use super::repo::{self, PollOutcome};
use crate::config::Settings;
use crate::db::{is_unique_violation, retry_on_deadlock};
use crate::domain::ids::FeedSourceId;
use crate::effects::Write;
use crate::entity::feed_sources;
use crate::error::{AppError, Result};
use crate::jobs::{Job, outbox};
use crate::posts::service::{self as posts_service, NewPost};
use crate::session::AuthUser;
use crate::state::AppState;

/// Sources one user may register.
pub const MAX_SOURCES_PER_USER: u64 = 50;
/// The longest back-off after repeated failures.
const MAX_BACKOFF: Duration = Duration::days(1);

/// What one import run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub imported: u64,
    /// Entries imported before (this run or earlier, by this process or another).
    pub skipped: u64,
    pub failed: u64,
    pub first_error: Option<String>,
    pub post_ids: Vec<i64>,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "imported {}, skipped {}, failed {}",
            self.imported, self.skipped, self.failed
        )
    }
}

/// The next scheduled poll of a healthy source: one interval plus jitter from `now`.
pub fn next_poll_at(settings: &Settings, now: DateTime<Utc>) -> DateTime<Utc> {
    next_poll(settings, now, 0)
}

/// One interval after success; after `failures` failures in a row, 2^failures intervals
/// (at most a day, or one interval if that is longer), plus jitter.
fn next_poll(settings: &Settings, now: DateTime<Utc>, failures: i32) -> DateTime<Utc> {
    let interval = Duration::seconds(settings.feed_poll_interval_secs.max(1) as i64);
    let wait = if failures <= 0 {
        interval
    } else {
        let factor = 1i64 << failures.min(16);
        interval
            .checked_mul(factor as i32)
            .unwrap_or(MAX_BACKOFF)
            .min(MAX_BACKOFF.max(interval))
    };
    let jitter = match settings.feed_poll_jitter_secs {
        0 => 0,
        max => rand::rng().random_range(0..=max as i64),
    };
    now + wait + Duration::seconds(jitter)
}

#[tracing::instrument(skip(state, request), fields(user_id = %user.id))]
pub async fn add(
    state: &AppState,
    user: &AuthUser,
    request: CreateFeedSourceRequest,
) -> Result<FeedSource> {
    request.validate()?;
    // A feed's entries become posts: the same rule as publishing one by hand.
    posts_service::ensure_may_publish(state, &state.db.conn, user.id.get()).await?;
    let url = request.url.trim().to_string();
    let txn = state.db.begin_write().await?;
    if repo::count_for_user(&*txn, user.id.get()).await? >= MAX_SOURCES_PER_USER {
        return Err(AppError::invalid_field(
            "too_many_feeds",
            "url",
            format!("you can register at most {MAX_SOURCES_PER_USER} feeds"),
        ));
    }
    let now = Utc::now();
    let source = match repo::insert(
        &*txn,
        user.id.get(),
        &url,
        Some(next_poll(&state.settings, now, 0)),
    )
    .await
    {
        Ok(source) => source,
        Err(error) if is_unique_violation(&error) => {
            return Err(AppError::conflict(
                "feed_exists",
                "url",
                "you already import this feed",
            ));
        }
        Err(error) => return Err(error.into()),
    };
    // The first poll right away, not at the next scheduled time.
    outbox::record(
        &*txn,
        &Job::PollFeed {
            source_id: FeedSourceId(source.id),
        },
    )
    .await?;
    txn.commit().await?;
    state.jobs.wake();
    Ok(source.into())
}

pub async fn list(state: &AppState, user: &AuthUser) -> Result<FeedSourceList> {
    let rows = repo::list_for_user(&state.db.conn, user.id.get()).await?;
    Ok(FeedSourceList {
        items: rows.into_iter().map(FeedSource::from).collect(),
    })
}

async fn own_source(
    conn: &impl sea_orm::ConnectionTrait,
    user: &AuthUser,
    id: i64,
) -> Result<feed_sources::Model> {
    // Someone else's source is as invisible as a missing one.
    repo::find(conn, id)
        .await?
        .filter(|source| source.user_id == user.id)
        .ok_or(AppError::NotFound("feed source"))
}

#[tracing::instrument(skip(state), fields(user_id = %user.id))]
pub async fn delete(state: &AppState, user: &AuthUser, id: FeedSourceId) -> Result<()> {
    let id = id.get();
    let txn = state.db.begin_write().await?;
    own_source(&*txn, user, id).await?;
    repo::delete(&*txn, id).await?;
    txn.commit().await?;
    Ok(())
}

/// Queues a poll of the source now ("refresh"), whatever its schedule.
#[tracing::instrument(skip(state), fields(user_id = %user.id))]
pub async fn refresh(state: &AppState, user: &AuthUser, id: FeedSourceId) -> Result<FeedSource> {
    let id = id.get();
    posts_service::ensure_may_publish(state, &state.db.conn, user.id.get()).await?;
    let txn = state.db.begin_write().await?;
    let source = own_source(&*txn, user, id).await?;
    outbox::record(
        &*txn,
        &Job::PollFeed {
            source_id: FeedSourceId(id),
        },
    )
    .await?;
    txn.commit().await?;
    state.jobs.wake();
    Ok(source.into())
}

/// The `PollFeed` job: fetches the source (conditionally), imports its new entries and records
/// the outcome on the source. A fetch or parse failure is the source's problem, not the job's:
/// it is stored for the owner to see and backs the source off, and the job succeeds.
#[tracing::instrument(skip(state))]
pub async fn poll(state: &AppState, source_id: FeedSourceId) -> anyhow::Result<()> {
    let source_id = source_id.get();
    let Some(source) = repo::find(&state.db.conn, source_id).await? else {
        return Ok(()); // deleted since the job was queued
    };
    let policy = FetchPolicy::from_settings(&state.settings);
    let fetched_at = Utc::now();
    let validators = Validators {
        etag: source.etag.clone(),
        last_modified: source.last_modified.clone(),
    };
    let failure = |error: String| PollOutcome {
        fetched_at,
        title: None,
        validators: None,
        imported: 0,
        error: Some(error),
        failed: true,
        next_poll_at: source
            .next_poll_at
            .map(|_| next_poll(&state.settings, fetched_at, source.failure_count + 1)),
    };
    let outcome = match fetch::fetch(&policy, &source.url, &validators).await {
        Err(error) => failure(format!("fetching the feed failed: {error}")),
        Ok(Fetched::NotModified) => PollOutcome {
            fetched_at,
            title: None,
            validators: None,
            imported: 0,
            error: None,
            failed: false,
            next_poll_at: None,
        },
        Ok(Fetched::Body {
            bytes,
            validators,
            url,
        }) => match parse::parse(&bytes, Some(url.as_str())) {
            Err(error) => failure(error.to_string()),
            Ok(feed) => {
                let report = import_items(
                    state,
                    Some(source.id),
                    source.user_id,
                    &feed.entries,
                    &ProgressBar::hidden(),
                )
                .await?;
                PollOutcome {
                    fetched_at,
                    title: Some(feed.title),
                    // Keep the old validators while entries failed, so the next poll fetches
                    // the whole feed again and retries them.
                    validators: (report.failed == 0)
                        .then_some((validators.etag, validators.last_modified)),
                    imported: report.imported as i64,
                    error: report.first_error.as_ref().map(|error| {
                        format!(
                            "{} of the feed's entries failed to import: {error}",
                            report.failed
                        )
                    }),
                    failed: false,
                    next_poll_at: None,
                }
            }
        },
    };
    if let Some(error) = &outcome.error {
        tracing::info!(
            source_id,
            url = source.url,
            error,
            "feed poll had a problem"
        );
    }
    let txn = state.db.begin_write().await?;
    repo::record_poll(&*txn, source_id, outcome).await?;
    txn.commit().await?;
    Ok(())
}

/// Imports `items` as posts by `author_id`, oldest first, each in its own transaction together
/// with its `feed_entries` row (when there is a source), so an entry is imported once however
/// often it is fetched and however many workers race, and one bad entry does not cost the others.
pub async fn import_items(
    state: &AppState,
    source_id: Option<i64>,
    author_id: i64,
    items: &[FeedItem],
    progress: &ProgressBar,
) -> anyhow::Result<ImportReport> {
    let mut ordered: Vec<&FeedItem> = items.iter().collect();
    // Feeds list newest first; undated entries count as "now", so they come last.
    let now = Utc::now();
    ordered.sort_by_key(|item| item.published.unwrap_or(now));
    let mut report = ImportReport::default();
    progress.set_length(ordered.len() as u64);
    for item in ordered {
        progress.set_message(item.title.clone());
        match import_one(state, source_id, author_id, item, now).await {
            Ok(Some(post_id)) => {
                report.imported += 1;
                report.post_ids.push(post_id);
            }
            Ok(None) => report.skipped += 1,
            Err(error) => {
                tracing::warn!(source_id, key = item.key, error = %error, "a feed entry failed to import");
                report.failed += 1;
                report
                    .first_error
                    .get_or_insert_with(|| format!("“{}”: {error}", item.title));
            }
        }
        progress.inc(1);
    }
    Ok(report)
}

async fn import_one(
    state: &AppState,
    source_id: Option<i64>,
    author_id: i64,
    item: &FeedItem,
    fetched_at: DateTime<Utc>,
) -> Result<Option<i64>> {
    let post = NewPost {
        author_id,
        title: item.title.clone(),
        orig_url: item.link.clone(),
        content: item.content.clone(),
        content_html: crate::content::markdown::render_html_off_thread(item.content.clone()).await,
        tags: item.tags.clone(),
        can_comment: true,
        created_at: item.published.unwrap_or(fetched_at),
        // Imported text was written elsewhere: its `@names` are not people here.
        mentioned: Vec::new(),
    };
    retry_on_deadlock(|| async {
        let mut write = Write::begin(state).await?;
        if let Some(source_id) = source_id
            && !repo::claim_entry(write.conn(), source_id, &item.key).await?
        {
            return Ok(None); // dropping the transaction rolls it back
        }
        let post_id = posts_service::insert_in(&mut write, &post).await?;
        if let Some(source_id) = source_id {
            repo::set_entry_post(write.conn(), source_id, &item.key, post_id).await?;
        }
        write.commit().await?;
        Ok::<_, AppError>(Some(post_id))
    })
    .await
}

/// Where a one-off import reads its feed: a URL or a local file.
pub enum ImportInput {
    Url(String),
    File(std::path::PathBuf),
}

impl ImportInput {
    pub fn parse(argument: &str) -> ImportInput {
        match url::Url::parse(argument) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => {
                ImportInput::Url(argument.to_string())
            }
            _ => ImportInput::File(std::path::PathBuf::from(argument)),
        }
    }
}

/// `tidings import-feed`: imports a URL or file once as `author_id`'s posts. Entries are recorded
/// against a source row (created unscheduled if the user has none for this address), so running
/// it again imports only what is new.
pub async fn import_once(
    state: &AppState,
    author_id: i64,
    input: ImportInput,
    progress: &ProgressBar,
) -> anyhow::Result<(String, ImportReport)> {
    let (address, bytes, base) = match input {
        ImportInput::Url(url) => {
            progress.set_message(format!("fetching {url}"));
            let policy = FetchPolicy::from_settings(&state.settings);
            match fetch::fetch(&policy, &url, &Validators::default()).await? {
                Fetched::Body { bytes, url, .. } => (url.to_string(), bytes, Some(url.to_string())),
                Fetched::NotModified => anyhow::bail!("the server answered 304 to a plain request"),
            }
        }
        ImportInput::File(path) => {
            let path = std::fs::canonicalize(&path)
                .map_err(|error| anyhow::anyhow!("cannot open {}: {error}", path.display()))?;
            let bytes = std::fs::read(&path)
                .map_err(|error| anyhow::anyhow!("cannot read {}: {error}", path.display()))?;
            (format!("file://{}", path.display()), bytes, None)
        }
    };
    let feed = parse::parse(&bytes, base.as_deref())?;
    let source = {
        let txn = state.db.begin_write().await?;
        let source = match repo::find_by_url(&*txn, author_id, &address).await? {
            Some(source) => source,
            None => repo::insert(&*txn, author_id, &address, None).await?,
        };
        txn.commit().await?;
        source
    };
    let report = import_items(state, Some(source.id), author_id, &feed.entries, progress).await?;
    let txn = state.db.begin_write().await?;
    repo::record_poll(
        &*txn,
        source.id,
        PollOutcome {
            fetched_at: Utc::now(),
            title: Some(feed.title.clone()),
            validators: None,
            imported: report.imported as i64,
            error: report.first_error.clone(),
            failed: false,
            next_poll_at: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok((feed.title, report))
}
