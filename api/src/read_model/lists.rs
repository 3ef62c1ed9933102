//! The id lists behind the first pages of the latest lists — everyone's, one author's — read
//! through the cache (dropped by the write path when a post enters or leaves them); later pages
//! are keyset queries.

use super::keys::LatestIdsKey;
use super::queries::posts as post_queries;
use crate::db::pagination::{MAX_LIMIT, PageRequest};
use crate::domain::ids::UserId;
use crate::error::Result;
use crate::state::AppState;

/// The newest `MAX_LIMIT + 1` post ids (of one author, or everyone), newest first.
pub async fn latest_ids(state: &AppState, author: Option<UserId>) -> Result<Vec<i64>> {
    let conn = &state.db.conn;
    let first = PageRequest {
        after: None,
        limit: MAX_LIMIT,
    };
    Ok(state
        .cache
        .get_or_load(&LatestIdsKey { author }, || async move {
            Ok(Some(
                post_queries::page_ids(conn, author.map(UserId::get), first).await?,
            ))
        })
        .await?
        .unwrap_or_default())
}

/// Ids of the newest posts before `page.after` (`limit + 1` of them), of one author or
/// everyone: the first page from the cache, later ones from the keyset query.
pub async fn latest_page(
    state: &AppState,
    author: Option<UserId>,
    page: PageRequest,
) -> Result<Vec<i64>> {
    Ok(match page.after {
        None => latest_ids(state, author)
            .await?
            .into_iter()
            .take(page.limit as usize + 1)
            .collect(),
        Some(_) => post_queries::page_ids(&state.db.conn, author.map(UserId::get), page).await?,
    })
}
