//! Notification rules: who is told what (never yourself, never twice for the same thing), likes
//! grouped per target, the inbox and its unread count, read marks, per-kind choices, stream
//! tickets and one-click unsubscribe.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::dto::{
    ActorSummary, KindSetting, ModerationNote, Notification, NotificationKind,
    NotificationSettings, NotificationTarget, NotificationTargetKind, StreamTicket,
    UpdateNotificationSettings, UserSuggestion,
};
use super::repo::{self, NewNotification};
use crate::content::markdown;
use crate::db::pagination::{Page, PageQuery};
use crate::domain::ids::UserId;
use crate::domain::moderation::ModerationAction;
use crate::domain::notify::NotifyEvent;
use crate::effects::{Fact, Write};
use crate::entity::{
    TargetKind, account_tokens, comments, follows, likes, moderation_actions, notifications, posts,
};
use crate::error::{AppError, Result};
use crate::jobs::{Job, outbox};
use crate::read_model::cards;
use crate::read_model::keys::UnreadCountKey;
use crate::read_model::threads;
use crate::read_model::users::{display_name, public_users, with_name_prefix};
use crate::state::AppState;

const EXCERPT_CHARS: usize = 140;
/// A stream ticket is good for this long, once.
pub const TICKET_TTL_SECS: u64 = 60;
const TICKET_PURPOSE: &str = "stream";

/// One person's choices for one kind (defaults when they never chose).
fn choice(
    chosen: &HashMap<(i64, String), (bool, bool)>,
    user: i64,
    kind: NotificationKind,
) -> (bool, bool) {
    chosen
        .get(&(user, kind.as_str().to_string()))
        .copied()
        .unwrap_or((true, kind.mails_by_default()))
}

/// A post's or comment's author and post, as the job needs them.
struct Authored {
    author: i64,
    post: i64,
}

/// The `Notify` job: turns a batch of events into notifications in one transaction, with a
/// bounded number of statements per recipient and target, whatever the batch's size.
pub async fn deliver(state: &AppState, events: Vec<NotifyEvent>) -> anyhow::Result<()> {
    // Batches run side by side (several workers, several processes) and may open the same group
    // at once: the loser's insert breaks the group's unique key, its transaction did nothing,
    // and it runs again to find the winner's group.
    let mut attempt: u64 = 0;
    loop {
        attempt += 1;
        match deliver_once(state, &events).await {
            Err(AppError::Database(error))
                if attempt < 8
                    && (crate::db::is_unique_violation(&error)
                        || crate::db::is_retryable(&error)) =>
            {
                let pause = 5 * attempt + rand::random::<u64>() % 20;
                tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
            }
            outcome => return Ok(outcome?),
        }
    }
}

async fn deliver_once(state: &AppState, events: &[NotifyEvent]) -> Result<()> {
    let now = Utc::now();
    let mut write = Write::begin(state).await?;
    let conn = write.conn();

    // What the events point at, read in a few queries.
    let mut comment_ids: Vec<i64> = Vec::new();
    let mut post_ids: Vec<i64> = Vec::new();
    let mut moderation_ids: Vec<i64> = Vec::new();
    for event in events {
        match event {
            NotifyEvent::Replied { comment_id } => comment_ids.push(comment_id.get()),
            NotifyEvent::Mentioned {
                post_id,
                comment_id,
                ..
            } => {
                post_ids.push(post_id.get());
                comment_ids.extend(comment_id.map(|id| id.get()));
            }
            NotifyEvent::Liked {
                on_comment,
                target_id,
                ..
            } => {
                if *on_comment {
                    comment_ids.push(*target_id)
                } else {
                    post_ids.push(*target_id)
                }
            }
            NotifyEvent::Followed { .. } => {}
            NotifyEvent::Moderated { action_id } => moderation_ids.push(*action_id),
        }
    }
    let moderation_rows: Vec<moderation_actions::Model> = if moderation_ids.is_empty() {
        Vec::new()
    } else {
        moderation_actions::Entity::find()
            .filter(moderation_actions::Column::Id.is_in(moderation_ids))
            .all(conn)
            .await?
    };
    comment_ids.extend(
        moderation_rows
            .iter()
            .filter(|row| row.target_kind == NotificationTargetKind::Comment.as_str())
            .map(|row| row.target_id),
    );
    let mut comment_rows: HashMap<i64, comments::Model> = load_comments(conn, &comment_ids).await?;
    // The comments replied to.
    let parents: Vec<i64> = comment_rows
        .values()
        .filter_map(|comment| crate::read_model::queries::comments::stored_ref(comment.ref_id))
        .filter(|parent| !comment_rows.contains_key(parent))
        .collect();
    comment_rows.extend(load_comments(conn, &parents).await?);
    post_ids.extend(comment_rows.values().map(|comment| comment.target_id));
    let post_authors = load_post_authors(conn, &post_ids).await?;
    let live_comment = |id: i64| -> Option<Authored> {
        let comment = comment_rows.get(&id)?;
        if comment.deleted_at.is_some() || !post_authors.contains_key(&comment.target_id) {
            return None;
        }
        Some(Authored {
            author: comment.author_id,
            post: comment.target_id,
        })
    };

    // Replies, mentions and follows: each told once (their group key never closes).
    let mut once: Vec<NewNotification> = Vec::new();
    // Likes: (recipient, on a comment, target) → (post, likers in order).
    let mut likes_by_target: BTreeMap<(i64, bool, i64), (i64, Vec<i64>)> = BTreeMap::new();
    for event in events {
        match event {
            NotifyEvent::Replied { comment_id } => {
                let Some(reply) = live_comment(comment_id.get()) else {
                    continue;
                };
                let parent = comment_rows.get(&comment_id.get()).and_then(|comment| {
                    crate::read_model::queries::comments::stored_ref(comment.ref_id)
                });
                let recipient = match parent {
                    Some(parent) => match live_comment(parent) {
                        Some(parent) => parent.author,
                        None => continue,
                    },
                    None => post_authors[&reply.post],
                };
                once.push(new_once(
                    recipient,
                    NotificationKind::Reply,
                    NotificationTargetKind::Comment,
                    comment_id.get(),
                    Some(reply.post),
                    reply.author,
                    now,
                ));
            }
            NotifyEvent::Mentioned {
                by,
                post_id,
                comment_id,
                users,
            } => {
                let (target_kind, target_id) = match comment_id {
                    Some(comment) => {
                        if live_comment(comment.get()).is_none() {
                            continue;
                        }
                        (NotificationTargetKind::Comment, comment.get())
                    }
                    None => {
                        if !post_authors.contains_key(&post_id.get()) {
                            continue;
                        }
                        (NotificationTargetKind::Post, post_id.get())
                    }
                };
                for user in users {
                    once.push(new_once(
                        user.get(),
                        NotificationKind::Mention,
                        target_kind,
                        target_id,
                        Some(post_id.get()),
                        by.get(),
                        now,
                    ));
                }
            }
            NotifyEvent::Liked {
                by,
                on_comment,
                target_id,
            } => {
                let owner = if *on_comment {
                    live_comment(*target_id).map(|comment| (comment.author, comment.post))
                } else {
                    post_authors
                        .get(target_id)
                        .map(|author| (*author, *target_id))
                };
                let Some((recipient, post)) = owner else {
                    continue;
                };
                let entry = likes_by_target
                    .entry((recipient, *on_comment, *target_id))
                    .or_insert_with(|| (post, Vec::new()));
                entry.1.retain(|liker| *liker != by.get());
                entry.1.push(by.get());
            }
            NotifyEvent::Followed { by, to } => {
                let still = follows::Entity::find()
                    .filter(follows::Column::FromId.eq(by.get()))
                    .filter(follows::Column::ToId.eq(to.get()))
                    .one(conn)
                    .await?
                    .is_some();
                if still {
                    once.push(new_once(
                        to.get(),
                        NotificationKind::Follow,
                        NotificationTargetKind::User,
                        by.get(),
                        None,
                        by.get(),
                        now,
                    ));
                }
            }
            // Below: they need the action rows, read once for the batch.
            NotifyEvent::Moderated { .. } => {}
        }
    }
    // Moderation notices: one per action, to the person it concerns (a removed comment is
    // still told of, so `live_comment` is not asked).
    for row in &moderation_rows {
        let Some(recipient) = row.target_user_id else {
            continue;
        };
        let Some(target_kind) = NotificationTargetKind::parse(&row.target_kind) else {
            continue;
        };
        let post_id = match target_kind {
            NotificationTargetKind::Post => Some(row.target_id),
            NotificationTargetKind::Comment => comment_rows
                .get(&row.target_id)
                .map(|comment| comment.target_id),
            NotificationTargetKind::User => None,
        };
        once.push(NewNotification {
            recipient,
            kind: NotificationKind::Moderation,
            target_kind,
            target_id: row.target_id,
            post_id,
            actor: row.moderator_id,
            actor_count: 1,
            recent_actors: vec![row.moderator_id],
            group_key: Some(format!("mod:{}", row.id)),
            in_app: true,
            mail: false,
            created_at: now,
            moderation_action: Some(row.id),
        });
    }
    once.retain(|new| new.recipient != new.actor);
    likes_by_target.retain(|(recipient, ..), (_, likers)| {
        likers.retain(|liker| liker != recipient);
        !likers.is_empty()
    });

    let mut recipients: Vec<i64> = once
        .iter()
        .map(|new| new.recipient)
        .chain(likes_by_target.keys().map(|(recipient, ..)| *recipient))
        .collect();
    recipients.sort_unstable();
    recipients.dedup();
    let chosen: HashMap<(i64, String), (bool, bool)> = repo::settings(conn, &recipients)
        .await?
        .into_iter()
        .map(|row| ((row.user_id, row.kind), (row.in_app, row.mail)))
        .collect();

    let mut changed: HashSet<i64> = HashSet::new();
    let mut mail_owed: HashSet<i64> = HashSet::new();
    for mut new in once {
        let (in_app, mail) = choice(&chosen, new.recipient, new.kind);
        if !in_app && !mail {
            continue;
        }
        new.in_app = in_app;
        new.mail = mail;
        if repo::insert_once(conn, &new).await? {
            if in_app {
                changed.insert(new.recipient);
            }
            if mail {
                mail_owed.insert(new.recipient);
            }
        }
    }

    let like_recipients: Vec<i64> = likes_by_target
        .keys()
        .map(|(recipient, ..)| *recipient)
        .collect::<BTreeSet<i64>>()
        .into_iter()
        .collect();
    repo::lock_recipients(conn, &like_recipients).await?;
    for ((recipient, on_comment, target_id), (post, likers)) in likes_by_target {
        let (in_app, mail) = choice(&chosen, recipient, NotificationKind::Like);
        if !in_app && !mail {
            continue;
        }
        let target_kind = if on_comment {
            NotificationTargetKind::Comment
        } else {
            NotificationTargetKind::Post
        };
        // What is true now, whatever order the events came in, with when each like was made.
        let liking: HashMap<i64, chrono::DateTime<Utc>> = likes::Entity::find()
            .select_only()
            .column(likes::Column::UserId)
            .column(likes::Column::CreatedAt)
            .filter(likes::Column::TargetKind.eq(if on_comment {
                TargetKind::Comment
            } else {
                TargetKind::Post
            }))
            .filter(likes::Column::TargetId.eq(target_id))
            .filter(likes::Column::UserId.is_in(likers.iter().copied()))
            .into_tuple::<(i64, chrono::DateTime<Utc>)>()
            .all(conn)
            .await?
            .into_iter()
            .collect();
        let group_key = like_group_key(on_comment, target_id);
        let open = repo::open_group(conn, recipient, &group_key).await?;
        let told: HashSet<i64> =
            repo::actors_told(conn, recipient, target_kind, target_id, &likers)
                .await?
                .into_iter()
                .collect();
        let mut added: Vec<(i64, chrono::DateTime<Utc>)> = likers
            .iter()
            .filter(|liker| !told.contains(liker))
            .filter_map(|liker| liking.get(liker).map(|at| (*liker, *at)))
            .collect();
        added.sort_by_key(|(liker, at)| (*at, *liker));
        // An unlike takes the person out of a group not read yet.
        let removed: Vec<i64> = likers
            .iter()
            .copied()
            .filter(|liker| !liking.contains_key(liker))
            .collect();
        let removed_count = match &open {
            Some(open) => repo::remove_actors(conn, open.id, &removed).await? as i32,
            None => 0,
        };
        if added.is_empty() && removed_count == 0 {
            continue;
        }
        let previous = open.as_ref().map_or(0, |open| open.actor_count) - removed_count;
        if added.is_empty() {
            // Only removals: the group shrinks in place (or goes when nobody is left).
            let Some(open) = open else { continue };
            if previous <= 0 {
                repo::delete(conn, open.id).await?;
            } else {
                let recent = repo::recent_actors(conn, open.id).await?;
                repo::set_group_size(conn, open.id, previous, &recent).await?;
            }
            if open.in_app {
                changed.insert(recipient);
            }
            continue;
        }
        // New people: the group is stored again under a new id, so it comes first in the inbox
        // and a stream resuming after an older id sees it.
        if let Some(open) = &open {
            repo::delete(conn, open.id).await?;
        }
        let newest = added.last().map_or(0, |(liker, _)| *liker);
        let id = repo::insert(
            conn,
            &NewNotification {
                recipient,
                kind: NotificationKind::Like,
                target_kind,
                target_id,
                post_id: Some(post),
                actor: newest,
                actor_count: previous + added.len() as i32,
                recent_actors: vec![newest],
                group_key: Some(group_key),
                in_app,
                mail,
                created_at: now,
                moderation_action: None,
            },
        )
        .await?;
        if let Some(open) = &open {
            repo::move_actors(conn, open.id, id).await?;
        }
        repo::add_actors(conn, id, &added).await?;
        // The three most recent by when they liked, whatever order the jobs ran in.
        let recent = repo::recent_actors(conn, id).await?;
        repo::set_group_size(conn, id, previous + added.len() as i32, &recent).await?;
        if in_app {
            changed.insert(recipient);
        }
        if mail {
            mail_owed.insert(recipient);
        }
    }

    for user in &mail_owed {
        outbox::record(
            conn,
            &Job::MailNotifications {
                user_id: UserId(*user),
            },
        )
        .await?;
    }
    let mut changed: Vec<UserId> = changed.into_iter().map(UserId).collect();
    changed.sort_unstable();
    write
        .record(Fact::NotificationsChanged { users: changed })
        .await?;
    write.commit().await
}

fn like_group_key(on_comment: bool, target_id: i64) -> String {
    format!("like:{}:{target_id}", if on_comment { "c" } else { "p" })
}

/// A reply, mention or follow: its key makes it once per recipient — a reply that also
/// mentions you is one notification, a second follow after an unfollow is none.
fn new_once(
    recipient: i64,
    kind: NotificationKind,
    target_kind: NotificationTargetKind,
    target_id: i64,
    post_id: Option<i64>,
    actor: i64,
    now: chrono::DateTime<Utc>,
) -> NewNotification {
    let group_key = match kind {
        NotificationKind::Follow => format!("follow:{actor}"),
        _ => format!("text:{}:{target_id}", target_kind.as_str()),
    };
    NewNotification {
        recipient,
        kind,
        target_kind,
        target_id,
        post_id,
        actor,
        actor_count: 1,
        recent_actors: vec![actor],
        group_key: Some(group_key),
        in_app: true,
        mail: false,
        created_at: now,
        moderation_action: None,
    }
}

async fn load_comments<C: sea_orm::ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<HashMap<i64, comments::Model>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(comments::Entity::find()
        .filter(comments::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|comment| (comment.id, comment))
        .collect())
}

async fn load_post_authors<C: sea_orm::ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<HashMap<i64, i64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, i64)> = posts::Entity::find()
        .select_only()
        .column(posts::Column::Id)
        .column(posts::Column::AuthorId)
        .filter(posts::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// A page of the caller's inbox, newest first.
pub async fn list(state: &AppState, user: UserId, query: &PageQuery) -> Result<Page<Notification>> {
    let page = state.cursors.page(query)?;
    let rows = repo::page(&state.db.conn, user.get(), page.after, page.limit + 1).await?;
    let more = rows.len() as u64 > page.limit;
    let rows: Vec<notifications::Model> = rows.into_iter().take(page.limit as usize).collect();
    let next_cursor = match (more, rows.last()) {
        (true, Some(last)) => Some(state.cursors.encode_key(last.id)),
        _ => None,
    };
    Ok(Page {
        items: render(state, rows).await?,
        next_cursor,
    })
}

/// Notifications as the inbox shows them: actors, titles and excerpts from the cache.
pub async fn render(
    state: &AppState,
    rows: Vec<notifications::Model>,
) -> Result<Vec<Notification>> {
    let mut user_ids: Vec<i64> = rows
        .iter()
        .flat_map(|row| repo::split_ids(&row.recent_actors))
        .collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let users = public_users(state, &user_ids).await?;
    let mut post_ids: Vec<i64> = rows.iter().filter_map(|row| row.post_id).collect();
    post_ids.sort_unstable();
    post_ids.dedup();
    let posts = cards::rows(state, &post_ids).await?;
    let comment_ids: Vec<i64> = rows
        .iter()
        .filter(|row| row.target_kind == NotificationTargetKind::Comment.as_str())
        .map(|row| row.target_id)
        .collect();
    let bodies = threads::bodies(state, &comment_ids).await?;
    let action_ids: Vec<i64> = rows
        .iter()
        .filter_map(|row| row.moderation_action_id)
        .collect();
    let notes: HashMap<i64, ModerationNote> = if action_ids.is_empty() {
        HashMap::new()
    } else {
        moderation_actions::Entity::find()
            .filter(moderation_actions::Column::Id.is_in(action_ids))
            .all(&state.db.conn)
            .await?
            .into_iter()
            .filter_map(|row| {
                let action = ModerationAction::parse(&row.action)?;
                Some((
                    row.id,
                    ModerationNote {
                        action,
                        reason: row.reason,
                        expires_at: row.expires_at,
                    },
                ))
            })
            .collect()
    };
    // Moderators are named to the people they act on only where the log names them too.
    let moderators_named = state.settings.modlog_show_moderators;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let kind = NotificationKind::parse(&row.kind)?;
            let target_kind = NotificationTargetKind::parse(&row.target_kind)?;
            let named = kind != NotificationKind::Moderation || moderators_named;
            let actors: Vec<ActorSummary> = repo::split_ids(&row.recent_actors)
                .into_iter()
                .filter(|_| named)
                .filter_map(|id| users.get(&id))
                .map(|user| ActorSummary {
                    id: user.id,
                    name: user.name.clone(),
                    display_name: display_name(&user.name, &user.nickname).to_string(),
                    avatar_small: crate::media::small_url(&user.avatar),
                })
                .collect();
            let post = row.post_id.and_then(|id| posts.get(&id));
            let (title, excerpt, url) = match target_kind {
                NotificationTargetKind::User => {
                    let name = users
                        .get(&row.target_id)
                        .map_or("", |user| user.name.as_str());
                    (String::new(), String::new(), format!("/users/{name}"))
                }
                NotificationTargetKind::Post => (
                    post.map_or_else(String::new, |post| post.title.clone()),
                    post.map_or_else(String::new, |post| post.excerpt.clone()),
                    format!("/posts/{}", row.target_id),
                ),
                NotificationTargetKind::Comment => (
                    post.map_or_else(String::new, |post| post.title.clone()),
                    bodies.get(&row.target_id).map_or_else(String::new, |body| {
                        markdown::excerpt(&body.content, EXCERPT_CHARS)
                    }),
                    format!(
                        "/posts/{}#comment-{}",
                        row.post_id.unwrap_or(0),
                        row.target_id
                    ),
                ),
            };
            Some(Notification {
                id: row.id,
                kind,
                actors,
                actor_count: i64::from(row.actor_count),
                target: NotificationTarget {
                    kind: target_kind,
                    id: row.target_id,
                    post_id: row.post_id,
                    title,
                    excerpt: markdown::excerpt(&excerpt, EXCERPT_CHARS),
                    url,
                },
                created_at: row.created_at,
                read: row.read_at.is_some(),
                moderation: row
                    .moderation_action_id
                    .and_then(|id| notes.get(&id).cloned()),
            })
        })
        .collect())
}

/// The caller's unread count, from the cache (exact: every change drops it).
pub async fn unread_count(state: &AppState, user: UserId) -> Result<i64> {
    let conn = &state.db.conn;
    Ok(state
        .cache
        .get_or_load(&UnreadCountKey(user), || async move {
            Ok(Some(repo::unread_count(conn, user.get()).await?))
        })
        .await?
        .unwrap_or(0))
}

/// Marks one notification read; 404 when it is not the caller's.
pub async fn mark_one_read(state: &AppState, user: UserId, id: i64) -> Result<()> {
    let mut write = Write::begin(state).await?;
    if !repo::exists_for(write.conn(), user.get(), id).await? {
        return Err(AppError::NotFound("notification"));
    }
    if repo::mark_read(write.conn(), user.get(), Some(id), None).await? > 0 {
        write
            .record(Fact::NotificationsChanged { users: vec![user] })
            .await?;
    }
    write.commit().await
}

/// Marks all (or all up to `up_to`) read; returns the unread count left.
pub async fn mark_all_read(state: &AppState, user: UserId, up_to: Option<i64>) -> Result<i64> {
    if up_to.is_some_and(|id| id < 1) {
        return Err(AppError::invalid_field(
            "validation_failed",
            "up_to",
            "must be a notification id (1 or more)",
        ));
    }
    let mut write = Write::begin(state).await?;
    if repo::mark_read(write.conn(), user.get(), None, up_to).await? > 0 {
        write
            .record(Fact::NotificationsChanged { users: vec![user] })
            .await?;
    }
    write.commit().await?;
    unread_count(state, user).await
}

pub async fn settings(state: &AppState, user: UserId) -> Result<NotificationSettings> {
    let chosen: HashMap<(i64, String), (bool, bool)> =
        repo::settings(&state.db.conn, &[user.get()])
            .await?
            .into_iter()
            .map(|row| ((row.user_id, row.kind), (row.in_app, row.mail)))
            .collect();
    Ok(NotificationSettings {
        kinds: NotificationKind::ALL
            .into_iter()
            .map(|kind| {
                let (in_app, mail) = choice(&chosen, user.get(), kind);
                KindSetting { kind, in_app, mail }
            })
            .collect(),
    })
}

pub async fn update_settings(
    state: &AppState,
    user: UserId,
    request: UpdateNotificationSettings,
) -> Result<NotificationSettings> {
    validator::Validate::validate(&request)?;
    let txn = state.db.begin_write().await?;
    for setting in &request.kinds {
        repo::save_setting(
            &*txn,
            user.get(),
            setting.kind,
            setting.in_app,
            setting.mail,
        )
        .await?;
    }
    txn.commit().await?;
    settings(state, user).await
}

/// What an unsubscribe token names instead of a kind: every notification mail.
pub const ALL_KINDS: &str = "all";

/// Turns one kind of mail (or all, [`ALL_KINDS`]) off for the token's account.
pub async fn unsubscribe(state: &AppState, token: &str) -> Result<Option<NotificationKind>> {
    let invalid = || {
        AppError::invalid_field(
            "invalid_token",
            "token",
            "this unsubscribe link is not valid",
        )
    };
    if token.len() > 400 {
        return Err(invalid());
    }
    let (user, kind) = state.tokens.verify_unsubscribe(token).ok_or_else(invalid)?;
    let kind = match kind.as_str() {
        ALL_KINDS => None,
        named => Some(NotificationKind::parse(named).ok_or_else(invalid)?),
    };
    let current = settings(state, UserId(user)).await?;
    let txn = state.db.begin_write().await?;
    for setting in current.kinds {
        if kind.is_none_or(|kind| kind == setting.kind) {
            repo::save_setting(&*txn, user, setting.kind, setting.in_app, false).await?;
        }
    }
    txn.commit().await?;
    Ok(kind)
}

/// A single-use ticket for `EventSource`, which cannot send an `Authorization` header. Only its
/// hash is stored; the caller's expired tickets go at the same time.
pub async fn issue_ticket(state: &AppState, user: UserId) -> Result<StreamTicket> {
    use sea_orm::ActiveValue::Set;
    let (ticket, hash) = crate::session::tokens::new_refresh_token();
    let now = Utc::now();
    let txn = state.db.begin_write().await?;
    account_tokens::Entity::delete_many()
        .filter(account_tokens::Column::UserId.eq(user.get()))
        .filter(account_tokens::Column::Purpose.eq(TICKET_PURPOSE))
        .filter(account_tokens::Column::ExpiresAt.lt(now))
        .exec(&*txn)
        .await?;
    account_tokens::Entity::insert(account_tokens::ActiveModel {
        user_id: Set(user.get()),
        purpose: Set(TICKET_PURPOSE.to_string()),
        token_hash: Set(hash),
        created_at: Set(now),
        expires_at: Set(now + chrono::Duration::seconds(TICKET_TTL_SECS as i64)),
        used_at: Set(None),
        ..Default::default()
    })
    .exec(&*txn)
    .await?;
    txn.commit().await?;
    Ok(StreamTicket {
        ticket,
        expires_in: TICKET_TTL_SECS,
    })
}

/// The account a live ticket was issued to; the ticket is spent (deleted) either way.
pub async fn redeem_ticket(state: &AppState, ticket: &str) -> Result<UserId> {
    let refused = || {
        AppError::unauthorized(
            "invalid_ticket",
            "the stream ticket is unknown, spent or expired; ask for a new one",
        )
    };
    if ticket.is_empty() || ticket.len() > 100 {
        return Err(refused());
    }
    let hash = crate::session::tokens::hash_refresh_token(ticket);
    let txn = state.db.begin_write().await?;
    let row = account_tokens::Entity::find()
        .filter(account_tokens::Column::TokenHash.eq(hash))
        .filter(account_tokens::Column::Purpose.eq(TICKET_PURPOSE))
        .one(&*txn)
        .await?
        .ok_or_else(refused)?;
    let deleted = account_tokens::Entity::delete_by_id(row.id)
        .exec(&*txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    // Two redeemers racing: only the one whose delete took the row wins.
    if deleted != 1 || row.expires_at < Utc::now() {
        return Err(refused());
    }
    Ok(UserId(row.user_id))
}

/// Users whose name starts with `prefix`, for `@` autocomplete.
pub async fn suggest(
    state: &AppState,
    prefix: &str,
    limit: Option<u64>,
) -> Result<Vec<UserSuggestion>> {
    let limit = limit.unwrap_or(6);
    if !(1..=10).contains(&limit) {
        return Err(AppError::invalid_field(
            "invalid_limit",
            "limit",
            "limit must be between 1 and 10",
        ));
    }
    let prefix = prefix.trim().trim_start_matches('@');
    let length = prefix.chars().count();
    if !(1..=20).contains(&length)
        || !prefix
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return Err(AppError::invalid_field(
            "validation_failed",
            "prefix",
            "must be 1 to 20 letters, digits, _, - or .",
        ));
    }
    Ok(with_name_prefix(state, prefix, limit)
        .await?
        .into_iter()
        .map(|user| UserSuggestion {
            id: user.id,
            display_name: display_name(&user.name, &user.nickname).to_string(),
            avatar_small: crate::media::small_url(&user.avatar),
            name: user.name,
        })
        .collect())
}
