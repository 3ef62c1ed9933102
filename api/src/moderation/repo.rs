//! Moderation queries: the log, reports and the queue, and the removal columns of posts and
//! comments.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::dto::{ReportKind, ReportStatus};
use crate::domain::moderation::{ModerationAction, ModerationTargetKind};
use crate::entity::{TargetKind, comments, moderation_actions, posts, reports, users};

/// A log row about to be stored.
pub struct NewAction<'a> {
    pub moderator: i64,
    pub action: ModerationAction,
    pub target_kind: ModerationTargetKind,
    pub target_id: i64,
    pub target_user: Option<i64>,
    pub reason: &'a str,
    pub expires_at: Option<DateTime<Utc>>,
}

pub async fn insert_action<C: ConnectionTrait>(
    conn: &C,
    new: NewAction<'_>,
    now: DateTime<Utc>,
) -> Result<moderation_actions::Model, DbErr> {
    let model = moderation_actions::ActiveModel {
        moderator_id: Set(new.moderator),
        action: Set(new.action.as_str().to_string()),
        target_kind: Set(new.target_kind.as_str().to_string()),
        target_id: Set(new.target_id),
        target_user_id: Set(new.target_user),
        reason: Set(new.reason.to_string()),
        created_at: Set(now),
        expires_at: Set(new.expires_at),
        ..Default::default()
    };
    let id = moderation_actions::Entity::insert(model)
        .exec(conn)
        .await?
        .last_insert_id;
    moderation_actions::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("inserted moderation action".into()))
}

/// Filters of the log.
#[derive(Default)]
pub struct LogFilter {
    pub action: Option<ModerationAction>,
    pub moderator: Option<i64>,
    pub target_user: Option<i64>,
}

/// A page of the log, newest first (`limit` rows before `after`).
pub async fn log_page<C: ConnectionTrait>(
    conn: &C,
    filter: &LogFilter,
    after: Option<i64>,
    limit: u64,
) -> Result<Vec<moderation_actions::Model>, DbErr> {
    use moderation_actions::Column;
    let mut query = moderation_actions::Entity::find();
    if let Some(action) = filter.action {
        query = query.filter(Column::Action.eq(action.as_str()));
    }
    if let Some(moderator) = filter.moderator {
        query = query.filter(Column::ModeratorId.eq(moderator));
    }
    if let Some(user) = filter.target_user {
        query = query.filter(Column::TargetUserId.eq(user));
    }
    if let Some(after) = after {
        query = query.filter(Column::Id.lt(after));
    }
    query.order_by_desc(Column::Id).limit(limit).all(conn).await
}

pub async fn actions_by_id<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<Vec<moderation_actions::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    moderation_actions::Entity::find()
        .filter(moderation_actions::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await
}

/// A report about to be stored.
pub struct NewReport<'a> {
    pub reporter: i64,
    pub target_kind: ModerationTargetKind,
    pub target_id: i64,
    pub target_user: i64,
    pub kind: ReportKind,
    pub reason: &'a str,
}

/// Stores an open report; a unique-key error when the reporter has one open on the target.
pub async fn insert_report<C: ConnectionTrait>(
    conn: &C,
    new: NewReport<'_>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    Ok(reports::Entity::insert(reports::ActiveModel {
        reporter_id: Set(new.reporter),
        target_kind: Set(new.target_kind.as_str().to_string()),
        target_id: Set(new.target_id),
        target_user_id: Set(new.target_user),
        kind: Set(new.kind.as_str().to_string()),
        reason: Set(new.reason.to_string()),
        status: Set(ReportStatus::Open.as_str().to_string()),
        open_marker: Set(Some(1)),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?
    .last_insert_id)
}

pub async fn find_report<C: ConnectionTrait>(
    conn: &C,
    id: i64,
) -> Result<Option<reports::Model>, DbErr> {
    reports::Entity::find_by_id(id).one(conn).await
}

/// Closes every open report on a target (or, with `by_target_user`, on anything of that
/// user's) with `status` and the action that closed it; how many it closed.
pub async fn close_reports<C: ConnectionTrait>(
    conn: &C,
    target: Option<(ModerationTargetKind, i64)>,
    by_target_user: Option<i64>,
    status: ReportStatus,
    closing: &moderation_actions::Model,
) -> Result<u64, DbErr> {
    use reports::Column;
    let mut update = reports::Entity::update_many()
        .col_expr(Column::Status, Expr::value(status.as_str()))
        .col_expr(Column::OpenMarker, Expr::value(Option::<i16>::None))
        .col_expr(Column::ResolvedAt, Expr::value(closing.created_at))
        .col_expr(Column::ResolvedBy, Expr::value(closing.moderator_id))
        .col_expr(Column::ActionId, Expr::value(closing.id))
        .filter(Column::Status.eq(ReportStatus::Open.as_str()));
    if let Some((kind, id)) = target {
        update = update
            .filter(Column::TargetKind.eq(kind.as_str()))
            .filter(Column::TargetId.eq(id));
    }
    if let Some(user) = by_target_user {
        update = update.filter(Column::TargetUserId.eq(user));
    }
    Ok(update.exec(conn).await?.rows_affected)
}

/// A page of reports by status, newest first.
pub async fn report_page<C: ConnectionTrait>(
    conn: &C,
    open: bool,
    after: Option<i64>,
    limit: u64,
) -> Result<Vec<reports::Model>, DbErr> {
    use reports::Column;
    let mut query = reports::Entity::find();
    query = if open {
        query.filter(Column::Status.eq(ReportStatus::Open.as_str()))
    } else {
        query.filter(Column::Status.is_in([
            ReportStatus::Resolved.as_str(),
            ReportStatus::Dismissed.as_str(),
        ]))
    };
    if let Some(after) = after {
        query = query.filter(Column::Id.lt(after));
    }
    query.order_by_desc(Column::Id).limit(limit).all(conn).await
}

/// The targets with the most open reports: (kind, id, open reports, newest report id), from
/// `offset`, `limit` of them.
pub async fn most_reported<C: ConnectionTrait>(
    conn: &C,
    offset: u64,
    limit: u64,
) -> Result<Vec<(String, i64, i64, i64)>, DbErr> {
    use reports::Column;
    reports::Entity::find()
        .select_only()
        .column(Column::TargetKind)
        .column(Column::TargetId)
        .column_as(Expr::col(Column::Id).count(), "open_reports")
        .column_as(Expr::col(Column::Id).max(), "newest")
        .filter(Column::Status.eq(ReportStatus::Open.as_str()))
        .group_by(Column::TargetKind)
        .group_by(Column::TargetId)
        .order_by_desc(Expr::col(Column::Id).count())
        .order_by_desc(Expr::col(Column::Id).max())
        .offset(offset)
        .limit(limit)
        .into_tuple()
        .all(conn)
        .await
}

pub async fn reports_by_id<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<Vec<reports::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    reports::Entity::find()
        .filter(reports::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await
}

/// Open reports per target, for the targets of `rows`.
pub async fn open_counts<C: ConnectionTrait>(
    conn: &C,
    targets: &[(String, i64)],
) -> Result<Vec<(String, i64, i64)>, DbErr> {
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    use reports::Column;
    let ids: Vec<i64> = targets.iter().map(|(_, id)| *id).collect();
    let rows: Vec<(String, i64, i64)> = reports::Entity::find()
        .select_only()
        .column(Column::TargetKind)
        .column(Column::TargetId)
        .column_as(Expr::col(Column::Id).count(), "open_reports")
        .filter(Column::Status.eq(ReportStatus::Open.as_str()))
        .filter(Column::TargetId.is_in(ids))
        .group_by(Column::TargetKind)
        .group_by(Column::TargetId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|(kind, id, _)| targets.iter().any(|(k, i)| k == kind && i == id))
        .collect())
}

/// Marks a post removed (or restored, with `removal` `None`).
pub async fn set_post_removal<C: ConnectionTrait>(
    conn: &C,
    post: i64,
    removal: Option<(&str, i64)>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    posts::Entity::update_many()
        .col_expr(posts::Column::RemovedAt, Expr::value(removal.map(|_| now)))
        .col_expr(
            posts::Column::RemovedReason,
            Expr::value(removal.map(|(reason, _)| reason.to_string())),
        )
        .col_expr(
            posts::Column::RemovedActionId,
            Expr::value(removal.map(|(_, action)| action)),
        )
        .filter(posts::Column::Id.eq(post))
        .exec(conn)
        .await?;
    Ok(())
}

/// Marks a comment removed (or restored, with `removal` `None`).
pub async fn set_comment_removal<C: ConnectionTrait>(
    conn: &C,
    comment: i64,
    removal: Option<(&str, i64)>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    comments::Entity::update_many()
        .col_expr(
            comments::Column::RemovedAt,
            Expr::value(removal.map(|_| now)),
        )
        .col_expr(
            comments::Column::RemovedReason,
            Expr::value(removal.map(|(reason, _)| reason.to_string())),
        )
        .col_expr(
            comments::Column::RemovedActionId,
            Expr::value(removal.map(|(_, action)| action)),
        )
        .filter(comments::Column::Id.eq(comment))
        .exec(conn)
        .await?;
    Ok(())
}

/// A user's visible posts: (id, tags are read by the caller).
pub async fn visible_posts_of<C: ConnectionTrait>(conn: &C, user: i64) -> Result<Vec<i64>, DbErr> {
    posts::Entity::find()
        .select_only()
        .column(posts::Column::Id)
        .filter(posts::Column::AuthorId.eq(user))
        .filter(posts::Column::RemovedAt.is_null())
        .into_tuple()
        .all(conn)
        .await
}

/// A user's visible comments (not removed, not deleted): (id, post id).
pub async fn visible_comments_of<C: ConnectionTrait>(
    conn: &C,
    user: i64,
) -> Result<Vec<(i64, i64)>, DbErr> {
    comments::Entity::find()
        .select_only()
        .column(comments::Column::Id)
        .column(comments::Column::TargetId)
        .filter(comments::Column::AuthorId.eq(user))
        .filter(comments::Column::TargetKind.eq(TargetKind::Post))
        .filter(comments::Column::RemovedAt.is_null())
        .filter(comments::Column::DeletedAt.is_null())
        .into_tuple()
        .all(conn)
        .await
}

/// What one action removed: post ids, and (comment id, post id) pairs.
pub async fn removed_by<C: ConnectionTrait>(
    conn: &C,
    action: i64,
) -> Result<(Vec<i64>, Vec<(i64, i64)>), DbErr> {
    let posts: Vec<i64> = posts::Entity::find()
        .select_only()
        .column(posts::Column::Id)
        .filter(posts::Column::RemovedActionId.eq(action))
        .into_tuple()
        .all(conn)
        .await?;
    let comments: Vec<(i64, i64)> = comments::Entity::find()
        .select_only()
        .column(comments::Column::Id)
        .column(comments::Column::TargetId)
        .filter(comments::Column::RemovedActionId.eq(action))
        .filter(comments::Column::DeletedAt.is_null())
        .into_tuple()
        .all(conn)
        .await?;
    Ok((posts, comments))
}

/// Sets or clears a ban on the user's row.
pub async fn set_ban<C: ConnectionTrait>(
    conn: &C,
    user: i64,
    ban: Option<(&moderation_actions::Model, &str)>,
) -> Result<(), DbErr> {
    users::Entity::update_many()
        .col_expr(
            users::Column::BannedAt,
            Expr::value(ban.map(|(action, _)| action.created_at)),
        )
        .col_expr(
            users::Column::BannedUntil,
            Expr::value(ban.and_then(|(action, _)| action.expires_at)),
        )
        .col_expr(
            users::Column::BanReason,
            Expr::value(ban.map(|(_, reason)| reason.to_string())),
        )
        .col_expr(
            users::Column::BanActionId,
            Expr::value(ban.map(|(action, _)| action.id)),
        )
        .filter(users::Column::Id.eq(user))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn set_moderator<C: ConnectionTrait>(
    conn: &C,
    user: i64,
    moderator: bool,
) -> Result<(), DbErr> {
    users::Entity::update_many()
        .col_expr(users::Column::IsModerator, Expr::value(moderator))
        .filter(users::Column::Id.eq(user))
        .exec(conn)
        .await?;
    Ok(())
}

/// Administrators and moderators: (id, is admin), by id.
pub async fn staff<C: ConnectionTrait>(conn: &C) -> Result<Vec<(i64, bool)>, DbErr> {
    users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .column(users::Column::IsAdmin)
        .filter(
            Expr::col(users::Column::IsAdmin)
                .eq(true)
                .or(Expr::col(users::Column::IsModerator).eq(true)),
        )
        .order_by_asc(users::Column::Id)
        .limit(1000)
        .into_tuple()
        .all(conn)
        .await
}
