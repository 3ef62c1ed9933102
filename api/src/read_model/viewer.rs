//! The caller's own flags on cards and comments — liked, collected, following the author —
//! without a query per page: each person's sets are loaded once (four indexed queries), kept in the cache tiers
//! (in process, and in Redis when configured, shared by every process) and dropped by the write
//! path after each of their likes, collects and follows, so they are exact. Memory is bounded:
//! a set larger than its cap (`MAX_IDS`, `MAX_FOLLOWED`) is not held, and its flags are read by
//! the indexed query instead.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, DbErr, StatementBuilder};
use serde::{Deserialize, Serialize};

use super::keys::ViewerStateKey;
use super::queries::{follows, reactions};
use crate::domain::ids::UserId;
use crate::domain::targets::Reaction;
use crate::entity::TargetKind;
use crate::error::Result;
use crate::state::AppState;

/// The most ids a set of liked or collected posts or liked comments may hold in the cache
/// (about 16 KB decoded).
pub const MAX_IDS: u64 = 2_000;

/// The most people the followed set may hold (about 80 KB decoded). Higher than `MAX_IDS`: a
/// home timeline needs to know which big accounts the reader follows, and asking the database
/// on every page cost a reader following 10,000 people a statement per page.
pub const MAX_FOLLOWED: u64 = 10_000;

/// One person's sets, each sorted; `None` for a set over its cap.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ViewerState {
    pub liked_posts: Option<Vec<i64>>,
    pub collected_posts: Option<Vec<i64>>,
    pub followed_users: Option<Vec<i64>>,
    pub liked_comments: Option<Vec<i64>>,
}

/// The caller's flags for a page: which of `post_ids` they liked and collected, and which of
/// `author_ids` they follow.
pub struct Flags {
    pub liked: HashSet<i64>,
    pub collected: HashSet<i64>,
    pub followed: HashSet<i64>,
    /// When this process stored the sets they came from: after the caller's last like, collect
    /// or follow had reached it.
    pub sets_filled_at: Instant,
}

/// The caller's sets, loaded once (four indexed queries) and then read from the cache, shared
/// (not copied), with when this process stored them.
async fn sets(state: &AppState, viewer: UserId) -> Result<(Arc<ViewerState>, Instant)> {
    let conn = &state.db.conn;
    let user = viewer.get();
    let shared = state
        .cache
        .get_shared(&ViewerStateKey(viewer), || async move {
            Ok(Some(ViewerState {
                liked_posts: reacted(conn, Reaction::Like, TargetKind::Post, user).await?,
                collected_posts: reacted(conn, Reaction::Collect, TargetKind::Post, user).await?,
                followed_users: followed(conn, user).await?,
                liked_comments: reacted(conn, Reaction::Like, TargetKind::Comment, user).await?,
            }))
        })
        .await?;
    Ok((shared.value.unwrap_or_default(), shared.filled_at))
}

pub async fn flags(
    state: &AppState,
    viewer: UserId,
    post_ids: &[i64],
    author_ids: &[i64],
) -> Result<Flags> {
    let conn = &state.db.conn;
    let user = viewer.get();
    let (sets, sets_filled_at) = sets(state, viewer).await?;
    let liked = match &sets.liked_posts {
        Some(ids) => among(ids, post_ids),
        None => {
            reactions::reacted_among(conn, Reaction::Like, user, TargetKind::Post, post_ids).await?
        }
    };
    let collected = match &sets.collected_posts {
        Some(ids) => among(ids, post_ids),
        None => {
            reactions::reacted_among(conn, Reaction::Collect, user, TargetKind::Post, post_ids)
                .await?
        }
    };
    let followed = match &sets.followed_users {
        Some(ids) => among(ids, author_ids),
        None => follows::followed_among(conn, user, author_ids).await?,
    };
    Ok(Flags {
        liked,
        collected,
        followed,
        sets_filled_at,
    })
}

/// Which of `comment_ids` the caller likes.
pub async fn liked_comments(
    state: &AppState,
    viewer: UserId,
    comment_ids: &[i64],
) -> Result<HashSet<i64>> {
    match &sets(state, viewer).await?.0.liked_comments {
        Some(ids) => Ok(among(ids, comment_ids)),
        None => Ok(reactions::reacted_among(
            &state.db.conn,
            Reaction::Like,
            viewer.get(),
            TargetKind::Comment,
            comment_ids,
        )
        .await?),
    }
}

/// Whom the caller follows, when the set is small enough to be held (`None`: ask the query).
pub async fn followed_users(state: &AppState, viewer: UserId) -> Result<Option<Vec<i64>>> {
    Ok(sets(state, viewer).await?.0.followed_users.clone())
}

/// Which of `wanted` are in the sorted `held`.
fn among(held: &[i64], wanted: &[i64]) -> HashSet<i64> {
    wanted
        .iter()
        .copied()
        .filter(|id| held.binary_search(id).is_ok())
        .collect()
}

/// The posts or comments `user` reacted to, sorted, or `None` past `MAX_IDS`.
async fn reacted<C: ConnectionTrait>(
    conn: &C,
    reaction: Reaction,
    kind: TargetKind,
    user: i64,
) -> std::result::Result<Option<Vec<i64>>, DbErr> {
    let statement = Query::select()
        .column(Alias::new("target_id"))
        .from(Alias::new(reaction.table()))
        .and_where(Expr::col(Alias::new("user_id")).eq(user))
        .and_where(Expr::col(Alias::new("target_kind")).eq(kind.as_i16()))
        .order_by(Alias::new("target_id"), Order::Asc)
        .limit(MAX_IDS + 1)
        .to_owned();
    ids(conn, &statement, "target_id", MAX_IDS).await
}

/// Whom `user` follows, sorted, or `None` past `MAX_FOLLOWED`.
async fn followed<C: ConnectionTrait>(
    conn: &C,
    user: i64,
) -> std::result::Result<Option<Vec<i64>>, DbErr> {
    let statement = Query::select()
        .column(Alias::new("to_id"))
        .from(Alias::new("follows"))
        .and_where(Expr::col(Alias::new("from_id")).eq(user))
        .order_by(Alias::new("to_id"), Order::Asc)
        .limit(MAX_FOLLOWED + 1)
        .to_owned();
    ids(conn, &statement, "to_id", MAX_FOLLOWED).await
}

async fn ids<C: ConnectionTrait, S: StatementBuilder>(
    conn: &C,
    statement: &S,
    column: &str,
    cap: u64,
) -> std::result::Result<Option<Vec<i64>>, DbErr> {
    let rows = conn.query_all(statement).await?;
    if rows.len() as u64 > cap {
        return Ok(None);
    }
    let mut ids = rows
        .iter()
        .map(|row| row.try_get::<i64>("", column))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    ids.sort_unstable();
    Ok(Some(ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_uses_the_sorted_set() {
        let held = vec![2, 5, 9, 40];
        let found = among(&held, &[1, 2, 9, 41]);
        assert_eq!(found, HashSet::from([2, 9]));
    }
}
