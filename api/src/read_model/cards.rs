//! Turns post ids into cards with the caller's own flags. Rows, authors and tags come from the
//! cache (one batch each), and so do the caller's likes, collects and follows (`viewer`) — no
//! query per page once warm, and never one per card.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::queries::posts::PostRow;
use super::queries::{posts as post_queries, tags};
use super::users::{UserSummary, deleted_user, public_users};
use crate::cache::counters::CounterSet;
use crate::domain::ids::{PostId, UserId};
use crate::error::Result;
use crate::read_model::keys::{PostRowKey, PostTagsKey};
use crate::state::AppState;

/// A post as it appears in every list: counters and the caller's own flags, per card.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostCard {
    pub id: i64,
    pub title: String,
    pub orig_url: Option<String>,
    /// The start of the text, without markup.
    pub excerpt: String,
    pub tags: Vec<String>,
    pub author: UserSummary,
    pub can_comment: bool,
    pub like_count: i32,
    pub collect_count: i32,
    pub comment_count: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether the caller likes this post (false when anonymous).
    pub liked: bool,
    /// Whether the caller has collected this post.
    pub collected: bool,
    /// Whether the caller follows this post's author.
    pub author_followed: bool,
}

/// Post rows (without bodies) by id, read through the cache.
pub async fn rows(state: &AppState, ids: &[i64]) -> Result<HashMap<i64, PostRow>> {
    let conn = &state.db.conn;
    state
        .cache
        .get_many_or_load(
            ids,
            |id| PostRowKey(PostId(id)),
            |missing| async move {
                let found = post_queries::find_rows(conn, &missing).await?;
                Ok(found.into_iter().map(|post| (post.id, post)).collect())
            },
        )
        .await
}

/// Tag names of many posts, read through the cache.
pub async fn tags(state: &AppState, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>> {
    let conn = &state.db.conn;
    state
        .cache
        .get_many_or_load(
            ids,
            |id| PostTagsKey(PostId(id)),
            |missing| async move {
                let mut found = tags::names_for_posts(conn, &missing).await?;
                // A post without tags is cached as an empty list, not as "missing".
                for id in missing {
                    found.entry(id).or_default();
                }
                Ok(found)
            },
        )
        .await
}

/// Cards for `ids`, in that order; ids of posts that no longer exist or that a moderator
/// removed are skipped. Every list, search result, hot page and timeline goes through here,
/// so a removal hides a post everywhere on the next read (its row's key is dropped in every
/// process), even before the id lists and the search index have caught up.
pub async fn build(
    state: &AppState,
    viewer: Option<UserId>,
    ids: &[PostId],
) -> Result<Vec<PostCard>> {
    build_with(state, viewer, ids, false).await
}

/// As [`build`]; with `include_removed`, removed posts too (a post's own page, for its author
/// and moderators).
pub async fn build_with(
    state: &AppState,
    viewer: Option<UserId>,
    ids: &[PostId],
    include_removed: bool,
) -> Result<Vec<PostCard>> {
    let viewer = viewer.map(UserId::get);
    let ids: Vec<i64> = ids.iter().map(|id| id.get()).collect();
    let ids = ids.as_slice();
    let mut rows = rows(state, ids).await?;
    let mut posts: Vec<PostRow> = ids
        .iter()
        .filter_map(|id| rows.remove(id))
        .filter(|post| include_removed || post.removed_at.is_none())
        .collect();
    let post_ids: Vec<i64> = posts.iter().map(|post| post.id).collect();
    overlay_counters(state, &mut posts, &post_ids).await;
    let mut author_ids: Vec<i64> = posts.iter().map(|post| post.author_id).collect();
    author_ids.sort_unstable();
    author_ids.dedup();

    let authors = public_users(state, &author_ids).await?;
    let mut tags = tags(state, &post_ids).await?;
    let (liked, collected, followed) = match viewer {
        Some(viewer) if !post_ids.is_empty() => {
            let flags = super::viewer::flags(state, UserId(viewer), &post_ids, &author_ids).await?;
            (flags.liked, flags.collected, flags.followed)
        }
        _ => Default::default(),
    };

    Ok(posts
        .into_iter()
        .map(|post| PostCard {
            author: authors
                .get(&post.author_id)
                .map(UserSummary::from)
                .unwrap_or_else(|| deleted_user(post.author_id)),
            tags: tags.remove(&post.id).unwrap_or_default(),
            liked: liked.contains(&post.id),
            collected: collected.contains(&post.id),
            author_followed: followed.contains(&post.author_id),
            id: post.id,
            title: post.title,
            orig_url: post.orig_url,
            excerpt: post.excerpt,
            can_comment: post.can_comment,
            like_count: post.like_count,
            collect_count: post.collect_count,
            comment_count: post.comment_count,
            created_at: post.created_at,
            updated_at: post.updated_at,
        })
        .collect())
}

/// With Redis, counters come from its hashes (incremented on every write) rather than from the
/// cached rows, which reactions then need not invalidate.
async fn overlay_counters(state: &AppState, posts: &mut [PostRow], ids: &[i64]) {
    let conn = &state.db.conn;
    let counters = state
        .counters
        .read(CounterSet::Post, ids, |missing| async move {
            let rows = post_queries::find_rows(conn, &missing).await?;
            Ok(rows
                .into_iter()
                .map(|post| {
                    let values = vec![
                        i64::from(post.like_count),
                        i64::from(post.collect_count),
                        i64::from(post.comment_count),
                    ];
                    (post.id, values)
                })
                .collect())
        })
        .await;
    let Some(counters) = counters else {
        return;
    };
    for post in posts {
        if let Some([likes, collects, comments]) = counters.get(&post.id).map(Vec::as_slice) {
            post.like_count = *likes as i32;
            post.collect_count = *collects as i32;
            post.comment_count = *comments as i32;
        }
    }
}
