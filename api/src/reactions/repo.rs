//! Like and collect rows; both tables share one shape, so one set of queries serves both.

use chrono::Utc;
use sea_orm::sea_query::ExprTrait;
use sea_orm::sea_query::{Alias, Expr, Order, Query};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, StatementBuilder};

use crate::db::insert_ignore;
use crate::db::pagination::PageRequest;
use crate::domain::targets::{Reaction, Target};
use crate::entity::TargetKind;

/// True when the row was inserted, false when the user had already reacted.
pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    reaction: Reaction,
    user_id: i64,
    target: Target,
) -> Result<bool, DbErr> {
    let inserted = insert_ignore(
        conn,
        reaction.table(),
        &["user_id", "target_id", "target_kind", "created_at"],
        vec![
            user_id.into(),
            target.id.into(),
            target.kind.as_i16().into(),
            Utc::now().into(),
        ],
    )
    .await?;
    Ok(inserted == 1)
}

/// True when a row was deleted.
pub async fn delete<C: ConnectionTrait>(
    conn: &C,
    reaction: Reaction,
    user_id: i64,
    target: Target,
) -> Result<bool, DbErr> {
    let statement = Query::delete()
        .from_table(Alias::new(reaction.table()))
        .and_where(Expr::col(Alias::new("user_id")).eq(user_id))
        .and_where(Expr::col(Alias::new("target_id")).eq(target.id))
        .and_where(Expr::col(Alias::new("target_kind")).eq(target.kind.as_i16()))
        .to_owned();
    let result = conn.execute(&statement).await?;
    Ok(result.rows_affected() > 0)
}

/// Deletes every reaction on the given targets (when the targets themselves are deleted).
pub async fn delete_for_targets<C: ConnectionTrait>(
    conn: &C,
    reaction: Reaction,
    kind: TargetKind,
    target_ids: &[i64],
) -> Result<u64, DbErr> {
    if target_ids.is_empty() {
        return Ok(0);
    }
    let statement = Query::delete()
        .from_table(Alias::new(reaction.table()))
        .and_where(Expr::col(Alias::new("target_kind")).eq(kind.as_i16()))
        .and_where(Expr::col(Alias::new("target_id")).is_in(target_ids.iter().copied()))
        .to_owned();
    Ok(conn.execute(&statement).await?.rows_affected())
}

#[derive(Debug, FromQueryResult)]
pub struct ReactionRow {
    pub id: i64,
    pub target_id: i64,
}

/// One page of a user's reactions of one kind, newest first (`limit + 1` rows).
pub async fn page_for_user<C: ConnectionTrait>(
    conn: &C,
    reaction: Reaction,
    user_id: i64,
    kind: TargetKind,
    page: PageRequest,
) -> Result<Vec<ReactionRow>, DbErr> {
    let mut statement = Query::select();
    statement
        .columns([Alias::new("id"), Alias::new("target_id")])
        .from(Alias::new(reaction.table()))
        .and_where(Expr::col(Alias::new("user_id")).eq(user_id))
        .and_where(Expr::col(Alias::new("target_kind")).eq(kind.as_i16()))
        .order_by(Alias::new("id"), Order::Desc)
        .limit(page.limit + 1);
    if let Some(after) = page.after {
        statement.and_where(Expr::col(Alias::new("id")).lt(after));
    }
    let built = StatementBuilder::build(&statement, &conn.get_database_backend());
    ReactionRow::find_by_statement(built).all(conn).await
}
