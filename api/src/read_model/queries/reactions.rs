//! Which of some targets a user has reacted to.

use std::collections::HashSet;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr};

use crate::domain::targets::Reaction;
use crate::entity::TargetKind;

/// Which of `target_ids` the user has reacted to, in one query.
pub async fn reacted_among<C: ConnectionTrait>(
    conn: &C,
    reaction: Reaction,
    user_id: i64,
    kind: TargetKind,
    target_ids: &[i64],
) -> Result<HashSet<i64>, DbErr> {
    if target_ids.is_empty() {
        return Ok(HashSet::new());
    }
    let statement = Query::select()
        .column(Alias::new("target_id"))
        .from(Alias::new(reaction.table()))
        .and_where(Expr::col(Alias::new("user_id")).eq(user_id))
        .and_where(Expr::col(Alias::new("target_kind")).eq(kind.as_i16()))
        .and_where(Expr::col(Alias::new("target_id")).is_in(target_ids.iter().copied()))
        .to_owned();
    let rows = conn.query_all(&statement).await?;
    rows.iter()
        .map(|row| row.try_get::<i64>("", "target_id"))
        .collect()
}
