//! The home timeline: posts by the people you follow, newest first, blended with the hot pool.
//!
//! With Redis each user's timeline is a capped sorted set filled by fan-out jobs; authors with
//! more followers than the big-account threshold are not fanned out, their posts are pulled in
//! at read time, so publishing costs the same for everyone. Without Redis the timeline is
//! computed from the follow rows at read time, which gives the same result.

use deadpool_redis::redis;

use super::redis_timelines::{self, Read};
use super::repo;
use crate::db::pagination::{PageQuery, PageRequest, finish_page};
use crate::domain::ids::{PostId, UserId};
use crate::error::Result;
use crate::read_model::cards::CardPage;
use crate::read_model::keys::{BigAccountsKey, HotPoolKey};
use crate::read_model::{cards, lists, viewer};
use crate::session::AuthUser;
use crate::state::AppState;

/// Followers handled per database read and Redis round trip during fan-out.
const FAN_OUT_BATCH: u64 = 1000;
/// At most this many big accounts are pulled from at read time.
const MAX_BIG_ACCOUNTS: u64 = 1000;

#[tracing::instrument(skip(state, query), fields(user_id = %user.id))]
pub async fn timeline(state: &AppState, user: &AuthUser, query: &PageQuery) -> Result<CardPage> {
    let page = state.cursors.page(query)?;
    let mut ids = match redis_page(state, user.id.get(), page).await {
        Some(ids) => ids,
        None => repo::followed_post_ids(&state.db.conn, user.id.get(), page).await?,
    };
    let hot = hot_pool(state).await?;
    ids.extend(
        hot.into_iter()
            .filter(|id| page.after.is_none_or(|after| *id < after))
            .take(page.limit as usize + 1),
    );
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids.dedup();
    ids.truncate(page.limit as usize + 1);
    let next_cursor = finish_page(&state.cursors, &mut ids, page, |id| *id);
    cards::page(state, Some(user.id), &PostId::all(&ids), next_cursor).await
}

/// The page from the user's Redis timeline merged with the big accounts they follow; `None`
/// without Redis or when it does not answer (the caller reads SQL instead).
async fn redis_page(state: &AppState, user_id: i64, page: PageRequest) -> Option<Vec<i64>> {
    let tier = state.timelines.redis()?;
    let fetch = page.limit + 1;
    let mut read = tier
        .run(|connection| redis_timelines::read(connection, user_id, page.after, fetch))
        .await?;
    if matches!(read, Read::NotBuilt) {
        if let Err(error) = rebuild(state, user_id).await {
            tracing::warn!(%error, user_id, "rebuilding a timeline; reading SQL instead");
            return None;
        }
        read = tier
            .run(|connection| redis_timelines::read(connection, user_id, page.after, fetch))
            .await?;
    }
    let Read::Page { mut ids, entries } = read else {
        return None;
    };
    let conn = &state.db.conn;
    let settings = &state.settings;
    // Past the cap the timeline goes on in SQL, so deep pages do not just stop.
    if (ids.len() as u64) < fetch && entries >= settings.timeline_cap {
        let rest = PageRequest {
            after: ids.last().copied().or(page.after),
            limit: fetch - ids.len() as u64 - 1,
        };
        ids.extend(repo::followed_post_ids(conn, user_id, rest).await.ok()?);
    }
    let big = big_accounts(state).await.ok()?;
    if !big.is_empty() {
        ids.extend(big_accounts_page(state, user_id, &big, page).await.ok()?);
    }
    Some(ids)
}

/// Posts of the big accounts the user follows for one page (pulled at read time): whom they
/// follow comes from their cached flags, a first page from each author's cached newest ids.
async fn big_accounts_page(
    state: &AppState,
    user_id: i64,
    big: &[i64],
    page: PageRequest,
) -> Result<Vec<i64>> {
    let conn = &state.db.conn;
    let followed = match viewer::followed_users(state, UserId(user_id)).await? {
        Some(held) => big
            .iter()
            .copied()
            .filter(|author| held.binary_search(author).is_ok())
            .collect(),
        None => repo::followed_among(conn, user_id, big).await?,
    };
    if page.after.is_some() {
        return Ok(repo::posts_by_authors(conn, &followed, page).await?);
    }
    // Each author's newest ids are cached apart (their profile reads the same key); cold ones
    // are read side by side rather than one after another.
    let lists = futures_util::future::try_join_all(
        followed
            .iter()
            .map(|author| lists::latest_ids(state, Some(UserId(*author)))),
    )
    .await?;
    Ok(lists
        .into_iter()
        .flat_map(|ids| ids.into_iter().take(page.limit as usize + 1))
        .collect())
}

/// Builds a missing timeline from SQL: mark it built first, so posts committed after the read
/// below reach it through their fan-out, then add what the read found.
async fn rebuild(state: &AppState, user_id: i64) -> anyhow::Result<()> {
    let mut connection = job_connection(state).await?;
    redis_timelines::start_build(&mut connection, user_id).await?;
    let ids = repo::followed_post_ids(
        &state.db.conn,
        user_id,
        PageRequest {
            after: None,
            limit: state.settings.timeline_cap - 1,
        },
    )
    .await?;
    redis_timelines::add(
        &mut connection,
        user_id,
        None,
        &ids,
        state.settings.timeline_cap,
    )
    .await?;
    Ok(())
}

/// Redis for background work: errors are returned (so the job is retried), not swallowed.
async fn job_connection(state: &AppState) -> anyhow::Result<redis::aio::MultiplexedConnection> {
    let tier = state
        .timelines
        .redis()
        .ok_or_else(|| anyhow::anyhow!("timelines need Redis (TIDINGS_REDIS_URL)"))?;
    tier.background_connection().await
}

/// Users above the big-account threshold, cached briefly.
async fn big_accounts(state: &AppState) -> Result<Vec<i64>> {
    let conn = &state.db.conn;
    let threshold = state.settings.timeline_big_account_followers;
    Ok(state
        .cache
        .get_or_load(&BigAccountsKey, || async move {
            Ok(Some(
                repo::big_accounts(conn, threshold, MAX_BIG_ACCOUNTS).await?,
            ))
        })
        .await?
        .unwrap_or_default())
}

async fn hot_pool(state: &AppState) -> Result<Vec<i64>> {
    let conn = &state.db.conn;
    let size = state.settings.hot_pool_size;
    Ok(state
        .cache
        .get_or_load(&HotPoolKey, || async move {
            Ok(Some(repo::hot_pool(conn, size).await?))
        })
        .await?
        .unwrap_or_default())
}

/// Job: push a new post into its author's own timeline and, unless the author is big, their
/// followers' timelines.
pub async fn fan_out_post(
    state: &AppState,
    post_id: PostId,
    author_id: UserId,
) -> anyhow::Result<u64> {
    let (post_id, author_id) = (post_id.get(), author_id.get());
    let mut connection = job_connection(state).await?;
    let cap = state.settings.timeline_cap;
    // People see their own new posts at the top of their home, as on every peer.
    redis_timelines::push(&mut connection, &[author_id], post_id, cap).await?;
    if is_big_account(state, author_id).await? {
        return Ok(0);
    }
    let mut reached = 0;
    let mut batches = FollowerBatches::new(author_id);
    while let Some(followers) = batches.next(state).await? {
        reached += redis_timelines::push(&mut connection, &followers, post_id, cap).await?;
    }
    Ok(reached)
}

/// An author's followers, a batch at a time, in follow-row order.
struct FollowerBatches {
    author_id: i64,
    after_row: i64,
    done: bool,
}

impl FollowerBatches {
    fn new(author_id: i64) -> FollowerBatches {
        FollowerBatches {
            author_id,
            after_row: 0,
            done: false,
        }
    }

    async fn next(&mut self, state: &AppState) -> anyhow::Result<Option<Vec<i64>>> {
        if self.done {
            return Ok(None);
        }
        let batch = repo::follower_batch(
            &state.db.conn,
            self.author_id,
            self.after_row,
            FAN_OUT_BATCH,
        )
        .await?;
        self.done = (batch.len() as u64) < FAN_OUT_BATCH;
        let Some(&(last_row, _)) = batch.last() else {
            return Ok(None);
        };
        self.after_row = last_row;
        Ok(Some(
            batch.into_iter().map(|(_, follower)| follower).collect(),
        ))
    }
}

/// Whether the author's posts are pulled at read time rather than pushed. When one just became
/// big, readers are told at once (their cached list of big accounts is dropped).
async fn is_big_account(state: &AppState, author_id: i64) -> anyhow::Result<bool> {
    let followers = crate::read_model::queries::users::stats(&state.db.conn, author_id)
        .await?
        .map_or(0, |stats| i64::from(stats.follower_count));
    let big = followers > state.settings.timeline_big_account_followers;
    if big && !big_accounts(state).await?.contains(&author_id) {
        crate::effects::big_accounts_changed(state).await;
    }
    Ok(big)
}

/// Job: take a deleted post out of every timeline that may hold it.
pub async fn remove_post(
    state: &AppState,
    post_id: PostId,
    author_id: UserId,
) -> anyhow::Result<()> {
    let (post_id, author_id) = (post_id.get(), author_id.get());
    let mut connection = job_connection(state).await?;
    redis_timelines::remove_post(&mut connection, &[author_id], post_id).await?;
    let mut batches = FollowerBatches::new(author_id);
    while let Some(followers) = batches.next(state).await? {
        redis_timelines::remove_post(&mut connection, &followers, post_id).await?;
    }
    Ok(())
}

/// Job: after `user_id` followed `author_id`, add the author's recent posts not pushed yet.
pub async fn backfill(state: &AppState, user_id: UserId, author_id: UserId) -> anyhow::Result<()> {
    let (user_id, author_id) = (user_id.get(), author_id.get());
    let conn = &state.db.conn;
    if !crate::read_model::queries::follows::is_following(conn, user_id, author_id).await?
        || is_big_account(state, author_id).await?
    {
        return Ok(()); // unfollowed again before this ran, or pulled at read time
    }
    let mut connection = job_connection(state).await?;
    let since = redis_timelines::pushed_up_to(&mut connection, user_id, author_id).await?;
    let cap = state.settings.timeline_cap;
    let ids = repo::author_post_ids(conn, author_id, since, cap).await?;
    redis_timelines::add(&mut connection, user_id, Some(author_id), &ids, cap).await?;
    Ok(())
}

/// Job: after `user_id` unfollowed `author_id`, take the author's posts out of the timeline.
/// A timeline holds its newest `cap` posts, so only the author's newest `cap` can be in it.
pub async fn remove_author(
    state: &AppState,
    user_id: UserId,
    author_id: UserId,
) -> anyhow::Result<()> {
    let (user_id, author_id) = (user_id.get(), author_id.get());
    let conn = &state.db.conn;
    if crate::read_model::queries::follows::is_following(conn, user_id, author_id).await? {
        return Ok(()); // followed again before this ran
    }
    let mut connection = job_connection(state).await?;
    let ids = repo::author_post_ids(conn, author_id, 0, state.settings.timeline_cap).await?;
    redis_timelines::remove_author(&mut connection, user_id, author_id, &ids).await?;
    Ok(())
}
