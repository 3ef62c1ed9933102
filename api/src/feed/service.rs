//! Timeline reads. Without Redis the timeline is computed from the follow rows at read time
//! (the same semantics a fan-out would give: every post of everyone you follow, newest first).

use super::repo;
use crate::auth::AuthUser;
use crate::error::Result;
use crate::pagination::{Page, PageQuery, finish_page};
use crate::posts::cards;
use crate::posts::dto::PostCard;
use crate::state::AppState;

#[tracing::instrument(skip(state, query), fields(user_id = user.id))]
pub async fn timeline(
    state: &AppState,
    user: &AuthUser,
    query: &PageQuery,
) -> Result<Page<PostCard>> {
    let page = query.parse()?;
    let mut ids = repo::followed_post_ids(&state.db.conn, user.id, page).await?;
    let next_cursor = finish_page(&mut ids, page, |id| *id);
    let items = cards::build(state, Some(user.id), &ids).await?;
    Ok(Page { items, next_cursor })
}
