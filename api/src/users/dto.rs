use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::entity::users;
use crate::media::small_url;
use crate::read_model::users::UserStats;

/// The signed-in user's own account.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub nickname: String,
    pub bio: String,
    pub website: String,
    pub company: String,
    /// URL of the 256×256 avatar ("" when the user has none).
    pub avatar: String,
    /// URL of the 64×64 avatar ("" when the user has none).
    pub avatar_small: String,
    /// Whether the email address has been confirmed.
    pub confirmed: bool,
    /// Whether others may see what you collected (private by default).
    pub collects_public: bool,
    /// A new address waiting for you to open the link mailed to it.
    pub pending_email: Option<String>,
    pub created_at: DateTime<Utc>,
    pub stats: UserStats,
    /// `user`, `moderator` or `admin`.
    pub role: crate::session::standing::Role,
    /// Set while you are banned: you can read and sign in, not write.
    pub ban: Option<BanState>,
}

/// A ban in force on your account.
#[derive(Debug, Serialize, ToSchema)]
pub struct BanState {
    pub reason: String,
    /// When it ends (absent: for good).
    pub until: Option<DateTime<Utc>>,
}

impl Me {
    pub fn new(user: users::Model, stats: UserStats) -> Me {
        let standing = crate::session::standing::Standing {
            role: crate::session::standing::role_of(user.is_admin, user.is_moderator),
            confirmed: user.confirmed_at.is_some(),
            banned_at: user.banned_at,
            banned_until: user.banned_until,
            ban_reason: user.ban_reason.clone(),
        };
        Me {
            role: standing.role,
            ban: standing.ban(Utc::now()).map(|ban| BanState {
                reason: ban.reason,
                until: ban.until,
            }),
            id: user.id,
            confirmed: user.confirmed_at.is_some(),
            collects_public: user.collects_public,
            pending_email: user.pending_email,
            name: user.name,
            email: user.email,
            nickname: user.nickname,
            bio: user.bio,
            website: user.website,
            company: user.company,
            avatar_small: small_url(&user.avatar),
            avatar: user.avatar,
            created_at: user.created_at,
            stats,
        }
    }
}

/// A user's public profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserProfile {
    pub id: i64,
    pub name: String,
    pub nickname: String,
    pub bio: String,
    pub website: String,
    pub company: String,
    /// URL of the 256×256 avatar ("" when the user has none).
    pub avatar: String,
    /// URL of the 64×64 avatar ("" when the user has none).
    pub avatar_small: String,
    pub created_at: DateTime<Utc>,
    pub stats: UserStats,
    /// Whether the caller follows this user (false when anonymous).
    pub followed: bool,
    /// Whether this user's collects are visible to others (`/users/{key}/collects`).
    pub collects_public: bool,
}

/// A row of a follower/following list.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserCard {
    pub id: i64,
    pub name: String,
    pub nickname: String,
    /// URL of the 256×256 avatar ("" when the user has none).
    pub avatar: String,
    /// URL of the 64×64 avatar ("" when the user has none).
    pub avatar_small: String,
    pub bio: String,
    /// Whether the caller follows this user.
    pub followed: bool,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProfileRequest {
    #[validate(
        length(max = 64, message = "must be at most 64 characters"),
        custom(function = "crate::content::validation::single_line")
    )]
    #[schema(max_length = 64, pattern = r"^[^\x00-\x1f\x7f]*$")]
    #[serde(
        default,
        deserialize_with = "crate::content::validation::parse::trimmed_option"
    )]
    pub nickname: Option<String>,
    #[validate(
        length(max = 500, message = "must be at most 500 characters"),
        custom(function = "crate::content::validation::text")
    )]
    #[schema(max_length = 500)]
    #[serde(
        default,
        deserialize_with = "crate::content::validation::parse::trimmed_option"
    )]
    pub bio: Option<String>,
    #[validate(custom(function = "crate::content::validation::http_url"))]
    #[schema(max_length = 255)]
    #[serde(
        default,
        deserialize_with = "crate::content::validation::parse::trimmed_option"
    )]
    pub website: Option<String>,
    #[validate(
        length(max = 100, message = "must be at most 100 characters"),
        custom(function = "crate::content::validation::single_line")
    )]
    #[schema(max_length = 100, pattern = r"^[^\x00-\x1f\x7f]*$")]
    #[serde(
        default,
        deserialize_with = "crate::content::validation::parse::trimmed_option"
    )]
    pub company: Option<String>,
    /// Show what you collected to others (default: only you see it).
    pub collects_public: Option<bool>,
}
