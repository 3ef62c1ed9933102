//! Tag reads shared by the API and the web app's first page.

use super::dto::TagList;
use super::repo;
use crate::error::Result;
use crate::read_model::keys::TagListKey;
use crate::read_model::tags::TagCount;
use crate::state::AppState;

/// The 100 most used tags with their post counts, read through the cache.
pub async fn popular(state: &AppState) -> Result<TagList> {
    let conn = &state.db.conn;
    let items = state
        .cache
        .get_or_load(&TagListKey, || async move {
            let rows = repo::counts(conn, 100).await?;
            Ok(Some(
                rows.into_iter()
                    .map(|row| TagCount {
                        name: row.name,
                        post_count: row.post_count,
                    })
                    .collect(),
            ))
        })
        .await?
        .unwrap_or_default();
    Ok(TagList { items })
}
