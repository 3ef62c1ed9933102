//! Notification queries: the inbox's rows, groups, actors, settings and mail marks.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::dto::{NotificationKind, NotificationTargetKind};
use crate::db::insert_ignore;
use crate::entity::{
    notification_actors, notification_mail, notification_settings, notifications, users,
};

/// Mail marks (`notifications.mail_state`).
pub const MAIL_NONE: i16 = 0;
pub const MAIL_OWED: i16 = 1;
pub const MAIL_SENT: i16 = 2;

/// A notification about to be stored.
#[derive(Debug, Clone)]
pub struct NewNotification {
    pub recipient: i64,
    pub kind: NotificationKind,
    pub target_kind: NotificationTargetKind,
    pub target_id: i64,
    pub post_id: Option<i64>,
    pub actor: i64,
    pub actor_count: i32,
    pub recent_actors: Vec<i64>,
    pub group_key: Option<String>,
    pub in_app: bool,
    pub mail: bool,
    pub created_at: DateTime<Utc>,
    /// For a moderation notice: the action of the log it tells of.
    pub moderation_action: Option<i64>,
}

pub fn join_ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

pub fn split_ids(ids: &str) -> Vec<i64> {
    ids.split(',').filter_map(|id| id.parse().ok()).collect()
}

/// Stores one that must not repeat (its `group_key` is unique for the recipient); false when it
/// already exists.
pub async fn insert_once<C: ConnectionTrait>(
    conn: &C,
    new: &NewNotification,
) -> Result<bool, DbErr> {
    let inserted = insert_ignore(
        conn,
        "notifications",
        &[
            "recipient_id",
            "kind",
            "target_kind",
            "target_id",
            "post_id",
            "actor_id",
            "actor_count",
            "recent_actors",
            "group_key",
            "in_app",
            "mail_state",
            "created_at",
            "moderation_action_id",
        ],
        vec![
            new.recipient.into(),
            new.kind.as_str().into(),
            new.target_kind.as_str().into(),
            new.target_id.into(),
            new.post_id.into(),
            new.actor.into(),
            new.actor_count.into(),
            join_ids(&new.recent_actors).into(),
            new.group_key.clone().into(),
            new.in_app.into(),
            mail_state(new.mail).into(),
            new.created_at.into(),
            new.moderation_action.into(),
        ],
    )
    .await?;
    Ok(inserted == 1)
}

/// Stores one and returns its id.
pub async fn insert<C: ConnectionTrait>(conn: &C, new: &NewNotification) -> Result<i64, DbErr> {
    let inserted = notifications::Entity::insert(notifications::ActiveModel {
        recipient_id: Set(new.recipient),
        kind: Set(new.kind.as_str().to_string()),
        target_kind: Set(new.target_kind.as_str().to_string()),
        target_id: Set(new.target_id),
        post_id: Set(new.post_id),
        actor_id: Set(new.actor),
        actor_count: Set(new.actor_count),
        recent_actors: Set(join_ids(&new.recent_actors)),
        group_key: Set(new.group_key.clone()),
        in_app: Set(new.in_app),
        mail_state: Set(mail_state(new.mail)),
        created_at: Set(new.created_at),
        read_at: Set(None),
        moderation_action_id: Set(new.moderation_action),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(inserted.last_insert_id)
}

fn mail_state(wanted: bool) -> i16 {
    if wanted { MAIL_OWED } else { MAIL_NONE }
}

/// Locks the recipients' account rows, in id order, until the transaction ends. Two `Notify`
/// jobs about one like group (a like and the unlike that followed it, say) would otherwise each
/// read the likes and the open group before the other commits, and the later commit could bring
/// back a person who had already unliked. Behind the lock, the second job reads both afresh
/// (READ COMMITTED reads what committed before each statement). SQLite's writers are already
/// serialised by `begin_write`.
pub async fn lock_recipients<C: ConnectionTrait>(
    conn: &C,
    recipients: &[i64],
) -> Result<(), DbErr> {
    if recipients.is_empty() || conn.get_database_backend() == DatabaseBackend::Sqlite {
        return Ok(());
    }
    users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::Id.is_in(recipients.iter().copied()))
        .order_by_asc(users::Column::Id)
        .lock_exclusive()
        .into_tuple::<i64>()
        .all(conn)
        .await?;
    Ok(())
}

pub async fn open_group<C: ConnectionTrait>(
    conn: &C,
    recipient: i64,
    group_key: &str,
) -> Result<Option<notifications::Model>, DbErr> {
    notifications::Entity::find()
        .filter(notifications::Column::RecipientId.eq(recipient))
        .filter(notifications::Column::GroupKey.eq(group_key))
        .one(conn)
        .await
}

/// Of `actors`, those already in some like notification of `recipient` about this target.
pub async fn actors_told<C: ConnectionTrait>(
    conn: &C,
    recipient: i64,
    target_kind: NotificationTargetKind,
    target_id: i64,
    actors: &[i64],
) -> Result<Vec<i64>, DbErr> {
    let groups: Vec<i64> = notifications::Entity::find()
        .select_only()
        .column(notifications::Column::Id)
        .filter(notifications::Column::RecipientId.eq(recipient))
        .filter(notifications::Column::TargetKind.eq(target_kind.as_str()))
        .filter(notifications::Column::TargetId.eq(target_id))
        .filter(notifications::Column::Kind.eq(NotificationKind::Like.as_str()))
        .into_tuple()
        .all(conn)
        .await?;
    if groups.is_empty() || actors.is_empty() {
        return Ok(Vec::new());
    }
    notification_actors::Entity::find()
        .select_only()
        .column(notification_actors::Column::ActorId)
        .filter(notification_actors::Column::NotificationId.is_in(groups))
        .filter(notification_actors::Column::ActorId.is_in(actors.iter().copied()))
        .into_tuple()
        .all(conn)
        .await
}

/// Adds people to a group, each with when they acted.
pub async fn add_actors<C: ConnectionTrait>(
    conn: &C,
    notification: i64,
    actors: &[(i64, DateTime<Utc>)],
) -> Result<(), DbErr> {
    if actors.is_empty() {
        return Ok(());
    }
    notification_actors::Entity::insert_many(actors.iter().map(|(actor, at)| {
        notification_actors::ActiveModel {
            notification_id: Set(notification),
            actor_id: Set(*actor),
            created_at: Set(*at),
        }
    }))
    .exec(conn)
    .await?;
    Ok(())
}

pub async fn remove_actors<C: ConnectionTrait>(
    conn: &C,
    notification: i64,
    actors: &[i64],
) -> Result<u64, DbErr> {
    if actors.is_empty() {
        return Ok(0);
    }
    Ok(notification_actors::Entity::delete_many()
        .filter(notification_actors::Column::NotificationId.eq(notification))
        .filter(notification_actors::Column::ActorId.is_in(actors.iter().copied()))
        .exec(conn)
        .await?
        .rows_affected)
}

pub async fn move_actors<C: ConnectionTrait>(conn: &C, from: i64, to: i64) -> Result<(), DbErr> {
    notification_actors::Entity::update_many()
        .col_expr(notification_actors::Column::NotificationId, Expr::value(to))
        .filter(notification_actors::Column::NotificationId.eq(from))
        .exec(conn)
        .await?;
    Ok(())
}

/// The three most recent actors of a group.
pub async fn recent_actors<C: ConnectionTrait>(
    conn: &C,
    notification: i64,
) -> Result<Vec<i64>, DbErr> {
    notification_actors::Entity::find()
        .select_only()
        .column(notification_actors::Column::ActorId)
        .filter(notification_actors::Column::NotificationId.eq(notification))
        .order_by_desc(notification_actors::Column::CreatedAt)
        .order_by_desc(notification_actors::Column::ActorId)
        .limit(3)
        .into_tuple()
        .all(conn)
        .await
}

pub async fn delete<C: ConnectionTrait>(conn: &C, id: i64) -> Result<(), DbErr> {
    notifications::Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}

pub async fn set_group_size<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    count: i32,
    recent: &[i64],
) -> Result<(), DbErr> {
    notifications::Entity::update_many()
        .col_expr(notifications::Column::ActorCount, Expr::value(count))
        .col_expr(
            notifications::Column::RecentActors,
            Expr::value(join_ids(recent)),
        )
        .col_expr(
            notifications::Column::ActorId,
            Expr::value(recent.first().copied().unwrap_or(0)),
        )
        .filter(notifications::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The recipients' choices that differ from the defaults: (user, kind) → (in app, mail).
pub async fn settings<C: ConnectionTrait>(
    conn: &C,
    users: &[i64],
) -> Result<Vec<notification_settings::Model>, DbErr> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    notification_settings::Entity::find()
        .filter(notification_settings::Column::UserId.is_in(users.iter().copied()))
        .all(conn)
        .await
}

pub async fn save_setting<C: ConnectionTrait>(
    conn: &C,
    user: i64,
    kind: NotificationKind,
    in_app: bool,
    mail: bool,
) -> Result<(), DbErr> {
    let updated = notification_settings::Entity::update_many()
        .col_expr(notification_settings::Column::InApp, Expr::value(in_app))
        .col_expr(notification_settings::Column::Mail, Expr::value(mail))
        .filter(notification_settings::Column::UserId.eq(user))
        .filter(notification_settings::Column::Kind.eq(kind.as_str()))
        .exec(conn)
        .await?;
    if updated.rows_affected == 0 {
        insert_ignore(
            conn,
            "notification_settings",
            &["user_id", "kind", "in_app", "mail"],
            vec![
                user.into(),
                kind.as_str().into(),
                in_app.into(),
                mail.into(),
            ],
        )
        .await?;
    }
    Ok(())
}

/// A page of someone's inbox, newest first, after `before` (an id).
pub async fn page<C: ConnectionTrait>(
    conn: &C,
    recipient: i64,
    before: Option<i64>,
    limit: u64,
) -> Result<Vec<notifications::Model>, DbErr> {
    let mut query = notifications::Entity::find()
        .filter(notifications::Column::RecipientId.eq(recipient))
        .filter(notifications::Column::InApp.eq(true));
    if let Some(before) = before {
        query = query.filter(notifications::Column::Id.lt(before));
    }
    query
        .order_by_desc(notifications::Column::Id)
        .limit(limit)
        .all(conn)
        .await
}

/// Someone's notifications newer than `after`, oldest first (what a stream missed).
pub async fn newer<C: ConnectionTrait>(
    conn: &C,
    recipient: i64,
    after: i64,
    limit: u64,
) -> Result<Vec<notifications::Model>, DbErr> {
    notifications::Entity::find()
        .filter(notifications::Column::RecipientId.eq(recipient))
        .filter(notifications::Column::InApp.eq(true))
        .filter(notifications::Column::Id.gt(after))
        .order_by_asc(notifications::Column::Id)
        .limit(limit)
        .all(conn)
        .await
}

pub async fn newest_id<C: ConnectionTrait>(conn: &C, recipient: i64) -> Result<i64, DbErr> {
    let newest: Option<i64> = notifications::Entity::find()
        .select_only()
        .column(notifications::Column::Id)
        .filter(notifications::Column::RecipientId.eq(recipient))
        .order_by_desc(notifications::Column::Id)
        .limit(1)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(newest.unwrap_or(0))
}

pub async fn unread_count<C: ConnectionTrait>(conn: &C, recipient: i64) -> Result<i64, DbErr> {
    use sea_orm::PaginatorTrait;
    Ok(notifications::Entity::find()
        .filter(notifications::Column::RecipientId.eq(recipient))
        .filter(notifications::Column::InApp.eq(true))
        .filter(notifications::Column::ReadAt.is_null())
        .count(conn)
        .await? as i64)
}

/// Marks the recipient's unread notifications read (`only`: just that one; `up_to`: those up
/// to that id). A read like group is closed: later likes start a new one. Returns how many.
pub async fn mark_read<C: ConnectionTrait>(
    conn: &C,
    recipient: i64,
    only: Option<i64>,
    up_to: Option<i64>,
) -> Result<u64, DbErr> {
    let mut update = notifications::Entity::update_many()
        .col_expr(notifications::Column::ReadAt, Expr::value(Utc::now()))
        .col_expr(
            notifications::Column::GroupKey,
            Expr::case(
                Expr::col(notifications::Column::Kind).eq(NotificationKind::Like.as_str()),
                Expr::value(Option::<String>::None),
            )
            .finally(Expr::col(notifications::Column::GroupKey))
            .into(),
        )
        .filter(notifications::Column::RecipientId.eq(recipient))
        .filter(notifications::Column::ReadAt.is_null());
    if let Some(id) = only {
        update = update.filter(notifications::Column::Id.eq(id));
    }
    if let Some(up_to) = up_to {
        update = update.filter(notifications::Column::Id.lte(up_to));
    }
    Ok(update.exec(conn).await?.rows_affected)
}

pub async fn exists_for<C: ConnectionTrait>(
    conn: &C,
    recipient: i64,
    id: i64,
) -> Result<bool, DbErr> {
    Ok(notifications::Entity::find_by_id(id)
        .filter(notifications::Column::RecipientId.eq(recipient))
        .one(conn)
        .await?
        .is_some())
}

/// Mail owed to `recipient`, oldest first.
pub async fn mail_owed<C: ConnectionTrait>(
    conn: &C,
    recipient: i64,
    limit: u64,
) -> Result<Vec<notifications::Model>, DbErr> {
    notifications::Entity::find()
        .filter(notifications::Column::MailState.eq(MAIL_OWED))
        .filter(notifications::Column::RecipientId.eq(recipient))
        .order_by_asc(notifications::Column::Id)
        .limit(limit)
        .all(conn)
        .await
}

/// Marks the recipient's owed mail sent (up to `up_to`); a group nobody reads in the app is
/// closed with it, so later likes start a new mail.
pub async fn mark_mailed<C: ConnectionTrait>(
    conn: &C,
    recipient: i64,
    up_to: i64,
) -> Result<(), DbErr> {
    notifications::Entity::update_many()
        .col_expr(notifications::Column::MailState, Expr::value(MAIL_SENT))
        .col_expr(
            notifications::Column::GroupKey,
            Expr::case(
                Expr::col(notifications::Column::InApp).eq(false).and(
                    Expr::col(notifications::Column::Kind).eq(NotificationKind::Like.as_str()),
                ),
                Expr::value(Option::<String>::None),
            )
            .finally(Expr::col(notifications::Column::GroupKey))
            .into(),
        )
        .filter(notifications::Column::RecipientId.eq(recipient))
        .filter(notifications::Column::MailState.eq(MAIL_OWED))
        .filter(notifications::Column::Id.lte(up_to))
        .exec(conn)
        .await?;
    Ok(())
}

/// Recipients with mail owed, oldest first (the digest sweep).
pub async fn recipients_owed<C: ConnectionTrait>(conn: &C, limit: u64) -> Result<Vec<i64>, DbErr> {
    notifications::Entity::find()
        .select_only()
        .column(notifications::Column::RecipientId)
        .filter(notifications::Column::MailState.eq(MAIL_OWED))
        .distinct()
        .limit(limit)
        .into_tuple()
        .all(conn)
        .await
}

/// Claims the right to mail `user` now: true when their last digest is older than `since`
/// (or there was none), recording now as the last.
pub async fn claim_mail_slot<C: ConnectionTrait>(
    conn: &C,
    user: i64,
    since: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let now = Utc::now();
    let updated = notification_mail::Entity::update_many()
        .col_expr(notification_mail::Column::LastSentAt, Expr::value(now))
        .filter(notification_mail::Column::UserId.eq(user))
        .filter(notification_mail::Column::LastSentAt.lt(since))
        .exec(conn)
        .await?;
    if updated.rows_affected == 1 {
        return Ok(true);
    }
    let inserted = insert_ignore(
        conn,
        "notification_mail",
        &["user_id", "last_sent_at"],
        vec![user.into(), now.into()],
    )
    .await?;
    Ok(inserted == 1)
}
