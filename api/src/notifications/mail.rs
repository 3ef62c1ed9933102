//! Notification mail: a digest per person, at most one every
//! `TIDINGS_NOTIFICATION_MAIL_INTERVAL_SECS`; what arrives meanwhile waits for the sweep, which
//! runs where job workers run and queues a digest for everyone whose wait is over.

use std::time::Duration;

use chrono::Utc;

use super::dto::NotificationKind;
use super::repo;
use super::service::{ALL_KINDS, render};
use crate::domain::ids::UserId;
use crate::jobs::{Job, outbox};
use crate::mail::MailKind;
use crate::read_model::users::display_name;
use crate::state::AppState;
use crate::users::repo as users_repo;

/// Notifications listed in one digest; more wait for the next.
const DIGEST_ITEMS: u64 = 50;
/// Recipients queued per sweep.
const SWEEP_BATCH: u64 = 500;

/// The `MailNotifications` job: mails `user` what is owed, unless they were mailed within the
/// interval (then the sweep comes back for it).
pub async fn send_digest(state: &AppState, user: UserId) -> anyhow::Result<()> {
    let interval = chrono::Duration::seconds(state.settings.notification_mail_interval_secs as i64);
    let Some(account) = users_repo::find_by_id(&state.db.conn, user.get()).await? else {
        return Ok(());
    };
    let txn = state.db.begin_write().await?;
    let owed = repo::mail_owed(&*txn, user.get(), DIGEST_ITEMS).await?;
    let Some(newest) = owed.last().map(|row| row.id) else {
        return Ok(());
    };
    if account.confirmed_at.is_none() || !account.active {
        // Nowhere trustworthy to send it: never mailed, not kept owed.
        repo::mark_mailed(&*txn, user.get(), newest).await?;
        txn.commit().await?;
        return Ok(());
    }
    if !repo::claim_mail_slot(&*txn, user.get(), Utc::now() - interval).await? {
        return Ok(()); // mailed recently: the sweep queues this again once the wait is over
    }
    repo::mark_mailed(&*txn, user.get(), newest).await?;
    // Committed before sending, so a slow mail server never holds the write lock; a failed send
    // puts the marks back for the retry.
    txn.commit().await?;
    let ids: Vec<i64> = owed.iter().map(|row| row.id).collect();
    let result = compose_and_send(state, &account, owed).await;
    if result.is_err() {
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let txn = state.db.begin_write().await?;
        crate::entity::notifications::Entity::update_many()
            .col_expr(
                crate::entity::notifications::Column::MailState,
                Expr::value(repo::MAIL_OWED),
            )
            .filter(crate::entity::notifications::Column::Id.is_in(ids))
            .exec(&*txn)
            .await?;
        crate::entity::notification_mail::Entity::delete_by_id(user.get())
            .exec(&*txn)
            .await?;
        txn.commit().await?;
    }
    result
}

async fn compose_and_send(
    state: &AppState,
    account: &crate::entity::users::Model,
    owed: Vec<crate::entity::notifications::Model>,
) -> anyhow::Result<()> {
    let base = state.settings.public_url.trim_end_matches('/');
    let items = render(state, owed).await?;
    let lines: Vec<String> = items
        .iter()
        .map(|item| {
            let who = match item.actors.first() {
                Some(actor) if item.actor_count > 1 => format!(
                    "{} and {} other{}",
                    actor.display_name,
                    item.actor_count - 1,
                    if item.actor_count == 2 { "" } else { "s" }
                ),
                Some(actor) => actor.display_name.clone(),
                None => "Someone".to_string(),
            };
            let what = match item.kind {
                NotificationKind::Reply => format!("replied to you on “{}”", item.target.title),
                NotificationKind::Mention => format!("mentioned you in “{}”", item.target.title),
                NotificationKind::Like => {
                    format!("liked your post or comment “{}”", item.target.title)
                }
                NotificationKind::Follow => "started following you".to_string(),
                NotificationKind::Moderation => moderation_line(item),
            };
            format!("• {who} {what}: {base}{}", item.target.url)
        })
        .collect();
    let summary = match items.len() {
        1 => "1 new notification".to_string(),
        n => format!("{n} new notifications"),
    };
    let token = state
        .tokens
        .issue_unsubscribe(account.id, ALL_KINDS)
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    let unsubscribe_page = format!("{base}/unsubscribe?token={token}");
    let one_click = format!("{base}/api/v1/notifications/unsubscribe?token={token}");
    let rendered = state.mail.templates.render(
        MailKind::Notifications,
        &[
            ("name", display_name(&account.name, &account.nickname)),
            ("summary", &summary),
            ("items", &lines.join("\n")),
            ("link", &format!("{base}/notifications")),
            ("settings", &format!("{base}/settings#notifications")),
            ("unsubscribe", &unsubscribe_page),
            ("kind", "notifications"),
            ("site", base),
        ],
    );
    state
        .mail
        .send_with_unsubscribe(
            MailKind::Notifications,
            &account.email,
            rendered,
            Some(&one_click),
        )
        .await
}

/// Queues a digest for everyone with mail owed (those mailed too recently are skipped by the
/// job itself), every interval, where job workers run.
pub fn spawn_sweep(state: AppState) {
    tokio::spawn(crate::telemetry::metrics::background(async move {
        let period =
            Duration::from_secs(state.settings.notification_mail_interval_secs.clamp(1, 60));
        let mut ticker = tokio::time::interval(period);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if let Err(error) = sweep_once(&state).await {
                tracing::warn!(
                    error = format!("{error:#}"),
                    "notification mail sweep failed"
                );
            }
        }
    }));
}

async fn sweep_once(state: &AppState) -> anyhow::Result<()> {
    let owed = repo::recipients_owed(&state.db.conn, SWEEP_BATCH).await?;
    if owed.is_empty() {
        return Ok(());
    }
    let interval = chrono::Duration::seconds(state.settings.notification_mail_interval_secs as i64);
    let due: Vec<i64> = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
        let recent: Vec<i64> = crate::entity::notification_mail::Entity::find()
            .select_only()
            .column(crate::entity::notification_mail::Column::UserId)
            .filter(crate::entity::notification_mail::Column::UserId.is_in(owed.iter().copied()))
            .filter(crate::entity::notification_mail::Column::LastSentAt.gte(Utc::now() - interval))
            .into_tuple()
            .all(&state.db.conn)
            .await?;
        owed.into_iter()
            .filter(|user| !recent.contains(user))
            .collect()
    };
    if due.is_empty() {
        return Ok(());
    }
    let txn = state.db.begin_write().await?;
    for user in due {
        outbox::record(
            &*txn,
            &Job::MailNotifications {
                user_id: UserId(user),
            },
        )
        .await?;
    }
    txn.commit().await?;
    state.jobs.wake();
    Ok(())
}

/// What a moderation notice says in the digest.
fn moderation_line(item: &super::dto::Notification) -> String {
    use crate::domain::moderation::ModerationAction;
    let Some(note) = &item.moderation else {
        return "took a moderation action".to_string();
    };
    let on = match item.target.kind {
        super::dto::NotificationTargetKind::User => "your account".to_string(),
        _ => format!("your post or comment on “{}”", item.target.title),
    };
    let what = match note.action {
        ModerationAction::Remove => format!("removed {on}"),
        ModerationAction::Restore => format!("restored {on}"),
        ModerationAction::Lock => format!("locked the comments of {on}"),
        ModerationAction::Unlock => format!("reopened the comments of {on}"),
        ModerationAction::Ban => match note.expires_at {
            Some(until) => format!(
                "banned your account until {}",
                until.format("%Y-%m-%d %H:%M UTC")
            ),
            None => "banned your account".to_string(),
        },
        ModerationAction::Unban => "lifted the ban on your account".to_string(),
        ModerationAction::Appoint => "made you a moderator".to_string(),
        ModerationAction::Unappoint => "ended your role as moderator".to_string(),
        ModerationAction::Dismiss => "closed reports on your content".to_string(),
    };
    if note.reason.is_empty() {
        what
    } else {
        format!("{what} (reason: {})", note.reason)
    }
}
