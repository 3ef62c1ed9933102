//! What can be reacted to, and how each target keeps its counters. The only place that maps a
//! `TargetKind` to a table and a counter column.

use sea_orm::sea_query::Expr;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use crate::entity::{TargetKind, comments, posts};

/// The two kinds of reaction, each with its own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reaction {
    Like,
    Collect,
}

impl Reaction {
    pub fn table(self) -> &'static str {
        match self {
            Reaction::Like => "likes",
            Reaction::Collect => "collects",
        }
    }
}

/// A reactable object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub kind: TargetKind,
    pub id: i64,
}

impl Target {
    pub fn post(id: i64) -> Target {
        Target {
            kind: TargetKind::Post,
            id,
        }
    }

    pub fn comment(id: i64) -> Target {
        Target {
            kind: TargetKind::Comment,
            id,
        }
    }

    /// Collects are bookmarks of posts; comments can only be liked.
    pub fn accepts(self, reaction: Reaction) -> bool {
        !(self.kind == TargetKind::Comment && reaction == Reaction::Collect)
    }

    /// Adds `delta` to this target's counter for `reaction`, in the caller's transaction.
    pub async fn bump<C: ConnectionTrait>(
        self,
        conn: &C,
        reaction: Reaction,
        delta: i32,
    ) -> Result<(), DbErr> {
        match (self.kind, reaction) {
            (TargetKind::Post, _) => {
                let column = match reaction {
                    Reaction::Like => posts::Column::LikeCount,
                    Reaction::Collect => posts::Column::CollectCount,
                };
                posts::Entity::update_many()
                    .col_expr(column, Expr::col(column).add(delta))
                    .filter(posts::Column::Id.eq(self.id))
                    .exec(conn)
                    .await?;
            }
            (TargetKind::Comment, _) => {
                comments::Entity::update_many()
                    .col_expr(
                        comments::Column::LikeCount,
                        Expr::col(comments::Column::LikeCount).add(delta),
                    )
                    .filter(comments::Column::Id.eq(self.id))
                    .exec(conn)
                    .await?;
            }
        }
        Ok(())
    }

    /// The stored counter for `reaction` (the source of truth kept by `bump`); `None` when the
    /// target does not exist.
    pub async fn count<C: ConnectionTrait>(
        self,
        conn: &C,
        reaction: Reaction,
    ) -> Result<Option<i32>, DbErr> {
        let count: Option<i32> = match self.kind {
            TargetKind::Post => {
                let column = match reaction {
                    Reaction::Like => posts::Column::LikeCount,
                    Reaction::Collect => posts::Column::CollectCount,
                };
                posts::Entity::find_by_id(self.id)
                    .select_only()
                    .column(column)
                    .into_tuple()
                    .one(conn)
                    .await?
            }
            TargetKind::Comment => {
                comments::Entity::find_by_id(self.id)
                    .select_only()
                    .column(comments::Column::LikeCount)
                    .into_tuple()
                    .one(conn)
                    .await?
            }
        };
        Ok(count)
    }
}
