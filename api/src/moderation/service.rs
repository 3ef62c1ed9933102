//! Moderation rules: who may act on whom, reports (one open per reporter and target), removal
//! and restoring (never deletion), locks, bans (optionally removing everything the person
//! wrote, and giving it back when the ban is lifted), appointments, and the public log. Every
//! action is one transaction that writes its log row, closes the reports it answers and records
//! what it changed as facts; the effects module makes the content vanish from (or come back to)
//! every list, cache, index and process.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, Utc};
use validator::Validate;

use super::dto::{
    BanRequest, CreateReportRequest, ModerationTarget, ModlogEntry, ModlogQuery, QueueFilter,
    QueueSort, ReasonRequest, Report, ReportKind, ReportReceipt, ReportStatus, ReportedContent,
    ReportsQuery, StaffMember,
};
use super::repo::{self, LogFilter, NewAction, NewReport};
use crate::content::markdown;
use crate::db::is_unique_violation;
use crate::db::pagination::{Page, finish_page};
use crate::domain::ids::{CommentId, PostId, UserId};
use crate::domain::moderation::{ModerationAction, ModerationTargetKind};
use crate::effects::{Fact, Write};
use crate::entity::{comments, moderation_actions, posts, reports};
use crate::error::{AppError, Result};
use crate::http::rate_limit::Action;
use crate::read_model::queries::comments as comment_queries;
use crate::read_model::queries::posts as post_queries;
use crate::read_model::queries::tags as tag_queries;
use crate::read_model::users::{PublicUser, UserSummary, deleted_user, public_users, resolve_key};
use crate::session::standing::{self, Role};
use crate::session::{AuthUser, Moderator};
use crate::state::AppState;

const EXCERPT_CHARS: usize = 200;

/// Who took an action from the command line (`tidings moderator add`): no account.
pub const OPERATOR: i64 = 0;

/// Sends a report. 404 for a target that does not exist, 409 `already_reported` while the
/// reporter's earlier report on it is open, 422 for your own content.
pub async fn report(
    state: &AppState,
    user: &AuthUser,
    request: CreateReportRequest,
    ip: Option<String>,
) -> Result<ReportReceipt> {
    request.validate()?;
    let reason = request.reason.trim();
    if request.kind == ReportKind::Other && reason.is_empty() {
        return Err(AppError::invalid_field(
            "validation_failed",
            "reason",
            "say what is wrong when the kind is `other`",
        ));
    }
    state
        .rate_limiter
        .check(
            state,
            Action::Report,
            ip.as_deref(),
            Some(&user.id.to_string()),
        )
        .await?;
    let conn = &state.db.conn;
    let target_user = target_author(state, request.target_kind, request.target_id).await?;
    if target_user == user.id.get() {
        return Err(AppError::invalid_field(
            "own_content",
            "target_id",
            "you cannot report yourself or what you wrote",
        ));
    }
    let now = Utc::now();
    let inserted = repo::insert_report(
        conn,
        NewReport {
            reporter: user.id.get(),
            target_kind: request.target_kind,
            target_id: request.target_id,
            target_user,
            kind: request.kind,
            reason,
        },
        now,
    )
    .await;
    match inserted {
        Ok(id) => Ok(ReportReceipt {
            id,
            status: ReportStatus::Open,
            created_at: now,
        }),
        Err(error) if is_unique_violation(&error) => Err(AppError::conflict(
            "already_reported",
            "target_id",
            "you reported this already; a moderator will look at it",
        )),
        Err(error) => Err(error.into()),
    }
}

/// The author of a post or comment, or the user itself; 404 when it does not exist.
async fn target_author(state: &AppState, kind: ModerationTargetKind, id: i64) -> Result<i64> {
    let conn = &state.db.conn;
    match kind {
        ModerationTargetKind::Post => Ok(post_queries::find(conn, id)
            .await?
            .ok_or(AppError::NotFound("post"))?
            .author_id),
        ModerationTargetKind::Comment => {
            let comment = comment_queries::find(conn, id)
                .await?
                .filter(|comment| comment.deleted_at.is_none())
                .ok_or(AppError::NotFound("comment"))?;
            Ok(comment.author_id)
        }
        ModerationTargetKind::User => {
            standing::of(state, UserId(id))
                .await?
                .ok_or(AppError::NotFound("user"))?;
            Ok(id)
        }
    }
}

/// Opens the action's transaction: the log row, the reports it closes, and the notice to the
/// person concerned.
struct Acting<'a> {
    write: Write<'a>,
    now: chrono::DateTime<Utc>,
}

impl<'a> Acting<'a> {
    async fn begin(state: &'a AppState) -> Result<Acting<'a>> {
        Ok(Acting {
            write: Write::begin(state).await?,
            now: Utc::now(),
        })
    }

    /// Stores the log row, closes the open reports on the target as resolved by it, and tells
    /// the person concerned (unless they acted on their own account).
    async fn log(&mut self, new: NewAction<'_>) -> Result<moderation_actions::Model> {
        let target = (new.target_kind, new.target_id);
        let action = repo::insert_action(self.write.conn(), new, self.now).await?;
        if matches!(
            ModerationAction::parse(&action.action),
            Some(
                ModerationAction::Remove
                    | ModerationAction::Lock
                    | ModerationAction::Ban
                    | ModerationAction::Dismiss
            )
        ) {
            let status = if action.action == ModerationAction::Dismiss.as_str() {
                ReportStatus::Dismissed
            } else {
                ReportStatus::Resolved
            };
            repo::close_reports(self.write.conn(), Some(target), None, status, &action).await?;
        }
        if let Some(user) = action.target_user_id
            && user != action.moderator_id
            && action.action != ModerationAction::Dismiss.as_str()
        {
            self.write
                .record(Fact::Moderated { action: action.id })
                .await?;
        }
        Ok(action)
    }

    async fn finish(self, action: moderation_actions::Model) -> Result<ModlogEntry> {
        let state = self.write.state();
        self.write.commit().await?;
        Ok(render(state, vec![action], true).await?.remove(0))
    }
}

/// The post, for an action on it; 404 when it is gone.
async fn post_for_action(acting: &Acting<'_>, id: PostId) -> Result<posts::Model> {
    post_queries::find(acting.write.conn(), id.get())
        .await?
        .ok_or(AppError::NotFound("post"))
}

async fn tags_of<C: sea_orm::ConnectionTrait>(conn: &C, post: i64) -> Result<Vec<String>> {
    Ok(tag_queries::names_for_posts(conn, &[post])
        .await?
        .remove(&post)
        .unwrap_or_default())
}

/// 409 when the target already is as the action would leave it: `set` is whether it has the
/// state (removed, locked) now, `wanted` whether the action gives it; `conflicts`: the code and
/// message when it has the state already, then when it does not have it.
fn ensure_change(set: bool, wanted: bool, conflicts: [(&'static str, &str); 2]) -> Result<()> {
    if set != wanted {
        return Ok(());
    }
    let (code, message) = conflicts[usize::from(!wanted)];
    Err(AppError::conflict(code, "id", message))
}

/// A log row for an action of `moderator` on a post or comment of `author`.
fn content_action<'r>(
    moderator: &Moderator,
    action: ModerationAction,
    target_kind: ModerationTargetKind,
    target_id: i64,
    author: i64,
    reason: &'r str,
) -> NewAction<'r> {
    NewAction {
        moderator: moderator.user.id.get(),
        action,
        target_kind,
        target_id,
        target_user: Some(author),
        reason,
        expires_at: None,
    }
}

/// Removes a post (`remove`) — out of every list, search, the hot list and timelines, in every
/// process — or puts a removed one back where it was, with its counts.
pub async fn moderate_post(
    state: &AppState,
    moderator: &Moderator,
    id: PostId,
    request: ReasonRequest,
    remove: bool,
) -> Result<ModlogEntry> {
    request.validate()?;
    let mut acting = Acting::begin(state).await?;
    let post = post_for_action(&acting, id).await?;
    ensure_change(
        post.removed_at.is_some(),
        remove,
        [
            ("already_removed", "this post is removed already"),
            ("not_removed", "this post is not removed"),
        ],
    )?;
    let reason = request.reason.trim();
    let verb = if remove {
        ModerationAction::Remove
    } else {
        ModerationAction::Restore
    };
    let action = acting
        .log(content_action(
            moderator,
            verb,
            ModerationTargetKind::Post,
            post.id,
            post.author_id,
            reason,
        ))
        .await?;
    hide_post(&mut acting, &post, remove.then_some((reason, action.id))).await?;
    acting.finish(action).await
}

/// Marks a post removed (`Some`) or restored and records what that changes.
async fn hide_post(
    acting: &mut Acting<'_>,
    post: &posts::Model,
    removal: Option<(&str, i64)>,
) -> Result<()> {
    let now = acting.now;
    let conn = acting.write.conn();
    repo::set_post_removal(conn, post.id, removal, now).await?;
    let tags = tags_of(conn, post.id).await?;
    acting
        .write
        .record(Fact::PostVisibilityChanged {
            post: PostId(post.id),
            author: UserId(post.author_id),
            tags,
            visible: removal.is_none(),
        })
        .await
}

/// Closes (`locked`) or reopens a post's comments; its author cannot reopen what a moderator
/// closed.
pub async fn lock_post(
    state: &AppState,
    moderator: &Moderator,
    id: PostId,
    request: ReasonRequest,
    locked: bool,
) -> Result<ModlogEntry> {
    request.validate()?;
    let mut acting = Acting::begin(state).await?;
    let post = post_for_action(&acting, id).await?;
    ensure_change(
        post.locked_reason.is_some(),
        locked,
        [
            ("already_locked", "this post is locked already"),
            ("not_locked", "a moderator has not locked this post"),
        ],
    )?;
    let reason = request.reason.trim();
    let verb = if locked {
        ModerationAction::Lock
    } else {
        ModerationAction::Unlock
    };
    let action = acting
        .log(content_action(
            moderator,
            verb,
            ModerationTargetKind::Post,
            post.id,
            post.author_id,
            reason,
        ))
        .await?;
    use sea_orm::ActiveValue::Set;
    use sea_orm::EntityTrait;
    posts::Entity::update(posts::ActiveModel {
        id: Set(post.id),
        can_comment: Set(!locked),
        locked_reason: Set(locked.then(|| reason.to_string())),
        ..Default::default()
    })
    .exec(acting.write.conn())
    .await?;
    acting
        .write
        .record(Fact::PostLockChanged {
            post: PostId(post.id),
        })
        .await?;
    acting.finish(action).await
}

/// The comment, for an action on it; 404 when it is gone or deleted by its author.
async fn comment_for_action(acting: &Acting<'_>, id: CommentId) -> Result<comments::Model> {
    comment_queries::find(acting.write.conn(), id.get())
        .await?
        .filter(|comment| comment.deleted_at.is_none())
        .ok_or(AppError::NotFound("comment"))
}

/// Removes (`remove`) or restores a comment: it keeps its place in the thread, as `[removed]`.
pub async fn moderate_comment(
    state: &AppState,
    moderator: &Moderator,
    id: CommentId,
    request: ReasonRequest,
    remove: bool,
) -> Result<ModlogEntry> {
    request.validate()?;
    let mut acting = Acting::begin(state).await?;
    let comment = comment_for_action(&acting, id).await?;
    ensure_change(
        comment.removed_at.is_some(),
        remove,
        [
            ("already_removed", "this comment is removed already"),
            ("not_removed", "this comment is not removed"),
        ],
    )?;
    let reason = request.reason.trim();
    let verb = if remove {
        ModerationAction::Remove
    } else {
        ModerationAction::Restore
    };
    let action = acting
        .log(content_action(
            moderator,
            verb,
            ModerationTargetKind::Comment,
            comment.id,
            comment.author_id,
            reason,
        ))
        .await?;
    let comments = [(comment.id, comment.target_id)];
    set_comments(
        &mut acting,
        &comments,
        remove.then_some((reason, action.id)),
    )
    .await?;
    acting.finish(action).await
}

/// Whether `moderator` may ban or unban `target`: nobody acts on their own account, moderators
/// do not act on moderators or administrators, administrators not on administrators.
fn may_act_on(moderator: &Moderator, target: UserId, target_role: Role) -> Result<()> {
    if target == moderator.user.id {
        return Err(AppError::invalid_field(
            "own_account",
            "user",
            "you cannot do this to your own account",
        ));
    }
    if target_role >= moderator.role || target_role == Role::Admin {
        return Err(AppError::forbidden(
            "forbidden",
            "only an administrator can do this to a moderator, and nobody to an administrator",
        ));
    }
    Ok(())
}

/// Bans a user for `days` or for good, optionally removing everything they wrote in the same
/// transaction (the log row of the ban names what it removed, so lifting it restores exactly
/// that). Their sessions see the ban on their next request.
pub async fn ban(
    state: &AppState,
    moderator: &Moderator,
    key: &str,
    request: BanRequest,
) -> Result<ModlogEntry> {
    request.validate()?;
    let user = resolve_key(state, key).await?;
    let mut acting = Acting::begin(state).await?;
    let current = standing::load(acting.write.conn(), user)
        .await?
        .ok_or(AppError::NotFound("user"))?;
    may_act_on(moderator, user, current.role)?;
    if current.ban(acting.now).is_some() {
        return Err(AppError::conflict(
            "already_banned",
            "user",
            "this user is banned already; lift the ban first to change it",
        ));
    }
    let reason = request.reason.trim();
    let expires_at = request
        .days
        .map(|days| acting.now + Duration::days(i64::from(days)));
    let action = acting
        .log(NewAction {
            moderator: moderator.user.id.get(),
            action: ModerationAction::Ban,
            target_kind: ModerationTargetKind::User,
            target_id: user.get(),
            target_user: Some(user.get()),
            reason,
            expires_at,
        })
        .await?;
    repo::set_ban(acting.write.conn(), user.get(), Some((&action, reason))).await?;
    if request.remove_content {
        let conn = acting.write.conn();
        let posts = repo::visible_posts_of(conn, user.get()).await?;
        let comments = repo::visible_comments_of(conn, user.get()).await?;
        for post in post_queries::find_ordered(conn, &posts).await? {
            hide_post(&mut acting, &post, Some((reason, action.id))).await?;
        }
        set_comments(&mut acting, &comments, Some((reason, action.id))).await?;
        // Reports on anything of theirs are answered by the ban.
        repo::close_reports(
            acting.write.conn(),
            None,
            Some(user.get()),
            ReportStatus::Resolved,
            &action,
        )
        .await?;
    }
    acting.write.record(Fact::StandingChanged { user }).await?;
    acting.finish(action).await
}

/// Removes or restores comments (id, post id), grouped by post.
async fn set_comments(
    acting: &mut Acting<'_>,
    comments: &[(i64, i64)],
    removal: Option<(&str, i64)>,
) -> Result<()> {
    let mut by_post: BTreeMap<i64, Vec<CommentId>> = BTreeMap::new();
    for (comment, post) in comments {
        repo::set_comment_removal(acting.write.conn(), *comment, removal, acting.now).await?;
        by_post.entry(*post).or_default().push(CommentId(*comment));
    }
    for (post, comments) in by_post {
        acting
            .write
            .record(Fact::CommentsVisibilityChanged {
                post: PostId(post),
                comments,
                visible: removal.is_none(),
            })
            .await?;
    }
    Ok(())
}

/// Lifts a ban (in force or run out) and restores what it removed.
pub async fn unban(
    state: &AppState,
    moderator: &Moderator,
    key: &str,
    request: ReasonRequest,
) -> Result<ModlogEntry> {
    request.validate()?;
    let user = resolve_key(state, key).await?;
    let mut acting = Acting::begin(state).await?;
    let conn = acting.write.conn();
    let current = standing::load(conn, user)
        .await?
        .ok_or(AppError::NotFound("user"))?;
    may_act_on(moderator, user, current.role)?;
    let Some(ban_action) = standing::ban_action(conn, user).await? else {
        return Err(AppError::conflict(
            "not_banned",
            "user",
            "this user is not banned",
        ));
    };
    let action = acting
        .log(NewAction {
            moderator: moderator.user.id.get(),
            action: ModerationAction::Unban,
            target_kind: ModerationTargetKind::User,
            target_id: user.get(),
            target_user: Some(user.get()),
            reason: request.reason.trim(),
            expires_at: None,
        })
        .await?;
    let conn = acting.write.conn();
    repo::set_ban(conn, user.get(), None).await?;
    if let Some(ban_action) = ban_action {
        let (posts, comments) = repo::removed_by(conn, ban_action).await?;
        for post in post_queries::find_ordered(conn, &posts).await? {
            hide_post(&mut acting, &post, None).await?;
        }
        set_comments(&mut acting, &comments, None).await?;
    }
    acting.write.record(Fact::StandingChanged { user }).await?;
    acting.finish(action).await
}

/// Makes a user a moderator (`appoint`) or takes the role away. `by`: the administrator, or
/// [`OPERATOR`] from the command line.
pub async fn set_moderator(
    state: &AppState,
    by: i64,
    user: UserId,
    appoint: bool,
    reason: &str,
) -> Result<ModlogEntry> {
    let mut acting = Acting::begin(state).await?;
    let current = standing::load(acting.write.conn(), user)
        .await?
        .ok_or(AppError::NotFound("user"))?;
    match (appoint, current.role) {
        (_, Role::Admin) => {
            return Err(AppError::conflict(
                "is_admin",
                "user",
                "administrators moderate already; their role is not changed here",
            ));
        }
        (true, Role::Moderator) => {
            return Err(AppError::conflict(
                "already_moderator",
                "user",
                "this user is a moderator already",
            ));
        }
        (false, Role::User) => {
            return Err(AppError::conflict(
                "not_moderator",
                "user",
                "this user is not a moderator",
            ));
        }
        _ => {}
    }
    let action = acting
        .log(NewAction {
            moderator: by,
            action: if appoint {
                ModerationAction::Appoint
            } else {
                ModerationAction::Unappoint
            },
            target_kind: ModerationTargetKind::User,
            target_id: user.get(),
            target_user: Some(user.get()),
            reason: reason.trim(),
            expires_at: None,
        })
        .await?;
    repo::set_moderator(acting.write.conn(), user.get(), appoint).await?;
    acting.write.record(Fact::StandingChanged { user }).await?;
    acting.finish(action).await
}

/// Closes a report, and every other open report on its target, without action.
pub async fn dismiss(
    state: &AppState,
    moderator: &Moderator,
    report_id: i64,
    request: ReasonRequest,
) -> Result<ModlogEntry> {
    request.validate()?;
    let mut acting = Acting::begin(state).await?;
    let report = repo::find_report(acting.write.conn(), report_id)
        .await?
        .ok_or(AppError::NotFound("report"))?;
    if report.status != ReportStatus::Open.as_str() {
        return Err(AppError::conflict(
            "not_open",
            "id",
            "this report is closed already",
        ));
    }
    let kind = ModerationTargetKind::parse(&report.target_kind)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("stored report target kind")))?;
    let action = acting
        .log(NewAction {
            moderator: moderator.user.id.get(),
            action: ModerationAction::Dismiss,
            target_kind: kind,
            target_id: report.target_id,
            target_user: Some(report.target_user_id),
            reason: request.reason.trim(),
            expires_at: None,
        })
        .await?;
    acting.finish(action).await
}

/// A page of the moderation log, newest first.
pub async fn modlog(
    state: &AppState,
    viewer: Option<UserId>,
    query: ModlogQuery,
) -> Result<Page<ModlogEntry>> {
    let page = state
        .cursors
        .page_of(query.cursor.as_deref(), query.limit)?;
    let filter = LogFilter {
        action: query.action,
        moderator: match query.moderator.as_deref() {
            Some(key) => Some(resolve_key(state, key).await?.get()),
            None => None,
        },
        target_user: match query.target_user.as_deref() {
            Some(key) => Some(resolve_key(state, key).await?.get()),
            None => None,
        },
    };
    let mut rows = repo::log_page(&state.db.conn, &filter, page.after, page.limit + 1).await?;
    let next_cursor = finish_page(&state.cursors, &mut rows, page, |row| row.id);
    let names_shown = state.settings.modlog_show_moderators
        || match viewer {
            Some(viewer) => standing::of_caller(state, viewer).await?.is_moderator(),
            None => false,
        };
    Ok(Page {
        items: render(state, rows, names_shown).await?,
        next_cursor,
    })
}

/// The stand-in for actions taken from the command line.
fn operator() -> UserSummary {
    UserSummary {
        id: OPERATOR,
        name: "[operator]".into(),
        nickname: String::new(),
        avatar: String::new(),
        avatar_small: String::new(),
    }
}

fn summary_of(users: &HashMap<i64, PublicUser>, id: i64) -> UserSummary {
    if id == OPERATOR {
        return operator();
    }
    users
        .get(&id)
        .map(UserSummary::from)
        .unwrap_or_else(|| deleted_user(id))
}

/// Log rows as the log shows them: names and titles from the cache.
pub async fn render(
    state: &AppState,
    rows: Vec<moderation_actions::Model>,
    names_shown: bool,
) -> Result<Vec<ModlogEntry>> {
    let mut user_ids: Vec<i64> = rows
        .iter()
        .flat_map(|row| [Some(row.moderator_id), row.target_user_id])
        .flatten()
        .collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let users = public_users(state, &user_ids).await?;
    let comment_ids: Vec<i64> = rows
        .iter()
        .filter(|row| row.target_kind == ModerationTargetKind::Comment.as_str())
        .map(|row| row.target_id)
        .collect();
    let comment_posts: HashMap<i64, i64> = comment_queries::find_many(&state.db.conn, &comment_ids)
        .await?
        .into_iter()
        .map(|comment| (comment.id, comment.target_id))
        .collect();
    let post_of = |row: &moderation_actions::Model| -> Option<i64> {
        match ModerationTargetKind::parse(&row.target_kind)? {
            ModerationTargetKind::Post => Some(row.target_id),
            ModerationTargetKind::Comment => comment_posts.get(&row.target_id).copied(),
            ModerationTargetKind::User => None,
        }
    };
    let mut post_ids: Vec<i64> = rows.iter().filter_map(post_of).collect();
    post_ids.sort_unstable();
    post_ids.dedup();
    let titles = crate::read_model::cards::rows(state, &post_ids).await?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let action = ModerationAction::parse(&row.action)?;
            let kind = ModerationTargetKind::parse(&row.target_kind)?;
            let post_id = post_of(row);
            Some(ModlogEntry {
                id: row.id,
                action,
                moderator: names_shown.then(|| summary_of(&users, row.moderator_id)),
                target: ModerationTarget {
                    kind,
                    id: row.target_id,
                    post_id,
                    title: post_id
                        .and_then(|post| titles.get(&post))
                        .map(|post| post.title.clone()),
                },
                target_user: row.target_user_id.map(|id| summary_of(&users, id)),
                reason: row.reason.clone(),
                created_at: row.created_at,
                expires_at: row.expires_at,
            })
        })
        .collect())
}

/// The moderators' queue: open or closed reports, newest first, or the most reported targets
/// first (one row per target: its newest open report).
pub async fn queue(state: &AppState, query: ReportsQuery) -> Result<Page<Report>> {
    let conn = &state.db.conn;
    let status = query.status.unwrap_or_default();
    let sort = query.sort.unwrap_or_default();
    let (rows, next_cursor) = match sort {
        QueueSort::MostReported => {
            if status != QueueFilter::Open {
                return Err(AppError::invalid_field(
                    "unsupported_filter",
                    "sort",
                    "most_reported ranks open reports only",
                ));
            }
            let (offset, limit) = state
                .cursors
                .offset_page(query.cursor.as_deref(), query.limit)?;
            let targets = repo::most_reported(conn, offset, limit + 1).await?;
            let more = targets.len() as u64 > limit;
            let newest: Vec<i64> = targets
                .iter()
                .take(limit as usize)
                .map(|(_, _, _, newest)| *newest)
                .collect();
            let by_id: HashMap<i64, reports::Model> = repo::reports_by_id(conn, &newest)
                .await?
                .into_iter()
                .map(|row| (row.id, row))
                .collect();
            let rows: Vec<reports::Model> = newest
                .iter()
                .filter_map(|id| by_id.get(id).cloned())
                .collect();
            let next = state.cursors.next_offset(offset, limit, newest.len(), more);
            (rows, next)
        }
        QueueSort::Newest => {
            let page = state
                .cursors
                .page_of(query.cursor.as_deref(), query.limit)?;
            let mut rows = repo::report_page(
                conn,
                status == QueueFilter::Open,
                page.after,
                page.limit + 1,
            )
            .await?;
            let next = finish_page(&state.cursors, &mut rows, page, |row| row.id);
            (rows, next)
        }
    };
    Ok(Page {
        items: render_reports(state, rows).await?,
        next_cursor,
    })
}

/// Reports with their reporters, targets in context and open counts.
async fn render_reports(state: &AppState, rows: Vec<reports::Model>) -> Result<Vec<Report>> {
    let conn = &state.db.conn;
    let of_kind = |kind: ModerationTargetKind| -> Vec<i64> {
        rows.iter()
            .filter(|row| row.target_kind == kind.as_str())
            .map(|row| row.target_id)
            .collect()
    };
    let comment_rows: HashMap<i64, comments::Model> =
        comment_queries::find_many(conn, &of_kind(ModerationTargetKind::Comment))
            .await?
            .into_iter()
            .map(|row| (row.id, row))
            .collect();
    let mut post_ids = of_kind(ModerationTargetKind::Post);
    post_ids.extend(comment_rows.values().map(|comment| comment.target_id));
    post_ids.sort_unstable();
    post_ids.dedup();
    let post_rows: HashMap<i64, posts::Model> = post_queries::find_ordered(conn, &post_ids)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    let mut user_ids: Vec<i64> = rows
        .iter()
        .flat_map(|row| [row.reporter_id, row.target_user_id])
        .collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let users = public_users(state, &user_ids).await?;
    let banned: HashMap<i64, bool> = {
        let mut banned = HashMap::new();
        for row in rows
            .iter()
            .filter(|row| row.target_kind == ModerationTargetKind::User.as_str())
        {
            let standing = standing::of(state, UserId(row.target_id)).await?;
            banned.insert(
                row.target_id,
                standing.is_some_and(|standing| standing.ban(Utc::now()).is_some()),
            );
        }
        banned
    };
    let targets: Vec<(String, i64)> = rows
        .iter()
        .map(|row| (row.target_kind.clone(), row.target_id))
        .collect();
    let open: HashMap<(String, i64), i64> = repo::open_counts(conn, &targets)
        .await?
        .into_iter()
        .map(|(kind, id, count)| ((kind, id), count))
        .collect();
    let actions: HashMap<i64, ModerationAction> = repo::actions_by_id(
        conn,
        &rows
            .iter()
            .filter_map(|row| row.action_id)
            .collect::<Vec<_>>(),
    )
    .await?
    .into_iter()
    .filter_map(|row| Some((row.id, ModerationAction::parse(&row.action)?)))
    .collect();

    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let kind = ModerationTargetKind::parse(&row.target_kind)?;
            let author = summary_of(&users, row.target_user_id);
            let target = match kind {
                ModerationTargetKind::Post => {
                    let post = post_rows.get(&row.target_id);
                    ReportedContent {
                        kind,
                        id: row.target_id,
                        post_id: Some(row.target_id),
                        title: post.map(|post| post.title.clone()),
                        excerpt: post.map(|post| post.excerpt.clone()).unwrap_or_default(),
                        author,
                        removed: post.is_some_and(|post| post.removed_at.is_some()),
                        exists: post.is_some(),
                    }
                }
                ModerationTargetKind::Comment => {
                    let comment = comment_rows
                        .get(&row.target_id)
                        .filter(|comment| comment.deleted_at.is_none());
                    let post = comment.and_then(|comment| post_rows.get(&comment.target_id));
                    ReportedContent {
                        kind,
                        id: row.target_id,
                        post_id: comment.map(|comment| comment.target_id),
                        title: post.map(|post| post.title.clone()),
                        excerpt: comment
                            .map(|comment| markdown::excerpt(&comment.content, EXCERPT_CHARS))
                            .unwrap_or_default(),
                        author,
                        removed: comment.is_some_and(|comment| comment.removed_at.is_some()),
                        exists: comment.is_some(),
                    }
                }
                ModerationTargetKind::User => {
                    let user = users.get(&row.target_id);
                    ReportedContent {
                        kind,
                        id: row.target_id,
                        post_id: None,
                        title: None,
                        excerpt: user
                            .map(|user| user.bio.chars().take(EXCERPT_CHARS).collect())
                            .unwrap_or_default(),
                        author,
                        removed: banned.get(&row.target_id).copied().unwrap_or(false),
                        exists: user.is_some(),
                    }
                }
            };
            Some(Report {
                id: row.id,
                kind: ReportKind::parse(&row.kind)?,
                status: ReportStatus::parse(&row.status)?,
                reporter: summary_of(&users, row.reporter_id),
                open_reports: open
                    .get(&(row.target_kind.clone(), row.target_id))
                    .copied()
                    .unwrap_or(0),
                target,
                reason: row.reason,
                created_at: row.created_at,
                resolved_at: row.resolved_at,
                action: row.action_id.and_then(|id| actions.get(&id).copied()),
            })
        })
        .collect())
}

/// Administrators and moderators, administrators first.
pub async fn staff(state: &AppState) -> Result<Vec<StaffMember>> {
    let rows = repo::staff(&state.db.conn).await?;
    let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
    let users = public_users(state, &ids).await?;
    let mut staff: Vec<StaffMember> = rows
        .into_iter()
        .map(|(id, is_admin)| StaffMember {
            user: summary_of(&users, id),
            role: if is_admin {
                Role::Admin
            } else {
                Role::Moderator
            },
        })
        .collect();
    staff.sort_by_key(|member| (std::cmp::Reverse(member.role), member.user.id));
    Ok(staff)
}
