use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::avatars::small_url;
use crate::entity::{user_stats, users};

/// The few user fields shown next to a post or comment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserSummary {
    pub id: i64,
    pub name: String,
    pub nickname: String,
    /// URL of the 256×256 avatar ("" when the user has none).
    pub avatar: String,
    /// URL of the 64×64 avatar ("" when the user has none).
    pub avatar_small: String,
}

/// The public part of a user row: what the cache may hold (never the email or password hash).
/// `avatar_small` is derived from `avatar` when responses are built, so it is not stored here.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PublicUser {
    pub id: i64,
    pub name: String,
    pub nickname: String,
    pub bio: String,
    pub website: String,
    pub company: String,
    pub avatar: String,
    pub created_at: DateTime<Utc>,
}

impl From<users::Model> for PublicUser {
    fn from(user: users::Model) -> Self {
        PublicUser {
            id: user.id,
            name: user.name,
            nickname: user.nickname,
            bio: user.bio,
            website: user.website,
            company: user.company,
            avatar: user.avatar,
            created_at: user.created_at,
        }
    }
}

impl From<&PublicUser> for UserSummary {
    fn from(user: &PublicUser) -> Self {
        UserSummary {
            id: user.id,
            name: user.name.clone(),
            nickname: user.nickname.clone(),
            avatar: user.avatar.clone(),
            avatar_small: small_url(&user.avatar),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct UserStats {
    pub follower_count: i32,
    pub following_count: i32,
    pub post_count: i32,
}

impl From<Option<user_stats::Model>> for UserStats {
    fn from(stats: Option<user_stats::Model>) -> Self {
        stats
            .map(|stats| UserStats {
                follower_count: stats.follower_count,
                following_count: stats.following_count,
                post_count: stats.post_count,
            })
            .unwrap_or_default()
    }
}

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
    pub created_at: DateTime<Utc>,
    pub stats: UserStats,
}

impl Me {
    pub fn new(user: users::Model, stats: UserStats) -> Me {
        Me {
            id: user.id,
            confirmed: user.confirmed_at.is_some(),
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
        custom(function = "crate::validation::single_line")
    )]
    #[schema(max_length = 64, pattern = r"^[^\x00-\x1f\x7f]*$")]
    pub nickname: Option<String>,
    #[validate(
        length(max = 500, message = "must be at most 500 characters"),
        custom(function = "crate::validation::text")
    )]
    #[schema(max_length = 500)]
    pub bio: Option<String>,
    #[validate(custom(function = "crate::validation::http_url"))]
    #[schema(max_length = 255)]
    pub website: Option<String>,
    #[validate(
        length(max = 100, message = "must be at most 100 characters"),
        custom(function = "crate::validation::single_line")
    )]
    #[schema(max_length = 100, pattern = r"^[^\x00-\x1f\x7f]*$")]
    pub company: Option<String>,
}
