//! An account's standing — its role (user, moderator, administrator), whether its address is
//! confirmed, and any ban — read through the cache on every write and every moderation request,
//! so a ban or an appointment takes effect on the caller's next request in every process, not
//! when an access token expires.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::ids::UserId;
use crate::entity::users;
use crate::error::{AppError, Result};
use crate::read_model::keys::UserStandingKey;
use crate::state::AppState;

/// What an account may do beyond writing its own content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    User,
    /// Handles reports; removes, restores and locks content; bans and unbans users.
    Moderator,
    /// A moderator who also appoints and removes moderators.
    Admin,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Standing {
    pub role: Role,
    pub confirmed: bool,
    /// Set while a ban was given (it may have run out: see [`Standing::ban`]).
    #[serde(with = "chrono::serde::ts_microseconds_option")]
    pub banned_at: Option<DateTime<Utc>>,
    /// When the ban ends; `None` with `banned_at` set: for good.
    #[serde(with = "chrono::serde::ts_microseconds_option")]
    pub banned_until: Option<DateTime<Utc>>,
    pub ban_reason: Option<String>,
}

/// A ban in force.
#[derive(Debug, Clone)]
pub struct ActiveBan {
    pub until: Option<DateTime<Utc>>,
    pub reason: String,
}

impl Standing {
    /// The ban in force at `now`, if any (a ban whose end passed is no ban).
    pub fn ban(&self, now: DateTime<Utc>) -> Option<ActiveBan> {
        self.banned_at?;
        match self.banned_until {
            Some(until) if until <= now => None,
            until => Some(ActiveBan {
                until,
                reason: self.ban_reason.clone().unwrap_or_default(),
            }),
        }
    }

    pub fn is_moderator(&self) -> bool {
        self.role >= Role::Moderator
    }
}

impl ActiveBan {
    /// 403 `banned`, with the end time.
    pub fn into_error(self) -> AppError {
        AppError::Banned {
            until: self.until,
            reason: self.reason,
        }
    }
}

pub fn role_of(is_admin: bool, is_moderator: bool) -> Role {
    if is_admin {
        Role::Admin
    } else if is_moderator {
        Role::Moderator
    } else {
        Role::User
    }
}

type StandingColumns = (
    bool,
    bool,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<String>,
);

/// The standing of `user`, read through the cache; `None` for an account that does not exist.
pub async fn of(state: &AppState, user: UserId) -> Result<Option<Standing>> {
    let conn = &state.db.conn;
    state
        .cache
        .get_or_load(&UserStandingKey(user), || async move {
            Ok(load(conn, user).await?)
        })
        .await
}

/// The standing of `user` as stored (in the caller's transaction); `None`: no such account.
pub async fn load<C: ConnectionTrait>(conn: &C, user: UserId) -> Result<Option<Standing>, DbErr> {
    let row: Option<StandingColumns> = users::Entity::find_by_id(user.get())
        .select_only()
        .columns([
            users::Column::IsAdmin,
            users::Column::IsModerator,
            users::Column::ConfirmedAt,
            users::Column::BannedAt,
            users::Column::BannedUntil,
            users::Column::BanReason,
        ])
        .into_tuple()
        .one(conn)
        .await?;
    Ok(row.map(
        |(is_admin, is_moderator, confirmed_at, banned_at, banned_until, ban_reason)| Standing {
            role: role_of(is_admin, is_moderator),
            confirmed: confirmed_at.is_some(),
            banned_at,
            banned_until,
            ban_reason,
        },
    ))
}

/// For a user with a ban on their row (in force or run out): `Some` of the ban's action in the
/// moderation log; `None` when there is no ban.
pub async fn ban_action<C: ConnectionTrait>(
    conn: &C,
    user: UserId,
) -> Result<Option<Option<i64>>, DbErr> {
    let row: Option<(Option<DateTime<Utc>>, Option<i64>)> = users::Entity::find_by_id(user.get())
        .select_only()
        .columns([users::Column::BannedAt, users::Column::BanActionId])
        .into_tuple()
        .one(conn)
        .await?;
    Ok(row.and_then(|(banned_at, action)| banned_at.map(|_| action)))
}

/// The standing of a signed-in caller (an account deleted under a live token reads as a plain,
/// unconfirmed user).
pub async fn of_caller(state: &AppState, user: UserId) -> Result<Standing> {
    Ok(of(state, user).await?.unwrap_or(Standing {
        role: Role::User,
        confirmed: false,
        banned_at: None,
        banned_until: None,
        ban_reason: None,
    }))
}

/// 403 `banned` while `user` is banned.
pub async fn require_not_banned(state: &AppState, user: UserId) -> Result<Standing> {
    let standing = of_caller(state, user).await?;
    match standing.ban(Utc::now()) {
        Some(ban) => Err(ban.into_error()),
        None => Ok(standing),
    }
}

/// Whether `viewer` sees what a moderator removed from `author`: its author and moderators do.
pub async fn sees_removed(state: &AppState, viewer: Option<UserId>, author: i64) -> Result<bool> {
    Ok(match viewer {
        Some(viewer) if viewer == author => true,
        Some(viewer) => of_caller(state, viewer).await?.is_moderator(),
        None => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn banned(until: Option<DateTime<Utc>>) -> Standing {
        Standing {
            role: Role::User,
            confirmed: true,
            banned_at: Some(Utc::now()),
            banned_until: until,
            ban_reason: Some("spam".into()),
        }
    }

    #[test]
    fn a_ban_holds_until_its_end_and_for_good_without_one() {
        let now = Utc::now();
        let hour = chrono::Duration::hours(1);
        assert!(banned(Some(now + hour)).ban(now).is_some());
        assert!(banned(Some(now - hour)).ban(now).is_none());
        assert!(banned(Some(now)).ban(now).is_none());
        let forever = banned(None).ban(now).expect("a ban for good");
        assert_eq!((forever.until, forever.reason.as_str()), (None, "spam"));
        let free = Standing {
            banned_at: None,
            ..banned(None)
        };
        assert!(free.ban(now).is_none());
    }

    #[test]
    fn roles_order_user_below_moderator_below_admin() {
        assert_eq!(role_of(true, true), Role::Admin);
        assert_eq!(role_of(false, true), Role::Moderator);
        assert_eq!(role_of(false, false), Role::User);
        assert!(Role::User < Role::Moderator && Role::Moderator < Role::Admin);
    }
}
