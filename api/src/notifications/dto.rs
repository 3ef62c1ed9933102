//! What the notification endpoints send and take.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// Why someone is told something. One enum for every kind; later features add variants.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// Someone replied to your post or to your comment.
    Reply,
    /// Someone wrote `@yourname` in a post or comment.
    Mention,
    /// People liked your post or comment (one notification per target, grouped).
    Like,
    /// Someone started following you.
    Follow,
    /// A moderator acted on your post, comment or account (see `moderation`).
    Moderation,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 5] = [
        NotificationKind::Reply,
        NotificationKind::Mention,
        NotificationKind::Like,
        NotificationKind::Follow,
        NotificationKind::Moderation,
    ];

    /// How it is stored (`notifications.kind`, `notification_settings.kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Reply => "reply",
            NotificationKind::Mention => "mention",
            NotificationKind::Like => "like",
            NotificationKind::Follow => "follow",
            NotificationKind::Moderation => "moderation",
        }
    }

    pub fn parse(stored: &str) -> Option<NotificationKind> {
        NotificationKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == stored)
    }

    /// Whether mail is sent for it when the recipient has not chosen.
    pub fn mails_by_default(self) -> bool {
        matches!(
            self,
            NotificationKind::Reply | NotificationKind::Mention | NotificationKind::Moderation
        )
    }
}

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotificationTargetKind {
    Post,
    Comment,
    User,
}

impl NotificationTargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationTargetKind::Post => "post",
            NotificationTargetKind::Comment => "comment",
            NotificationTargetKind::User => "user",
        }
    }

    pub fn parse(stored: &str) -> Option<NotificationTargetKind> {
        [
            NotificationTargetKind::Post,
            NotificationTargetKind::Comment,
            NotificationTargetKind::User,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == stored)
    }
}

/// Who did it, enough to draw a name and a picture.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActorSummary {
    pub id: i64,
    pub name: String,
    /// The name to show: the nickname, else the user name.
    pub display_name: String,
    /// URL of the 64×64 avatar ("" when the user has none).
    pub avatar_small: String,
}

/// What the notification points at, with what the inbox shows of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationTarget {
    pub kind: NotificationTargetKind,
    pub id: i64,
    /// The post it belongs to (the post itself, or the comment's post); absent for a user.
    pub post_id: Option<i64>,
    /// The post's title ("" for a user, or when the post is gone).
    pub title: String,
    /// The first words of the comment or post (≤ 140 characters; "" for a user).
    pub excerpt: String,
    /// Where the web app shows it: `/posts/{id}`, `/posts/{id}#comment-{id}` or `/users/{name}`.
    pub url: String,
}

/// One entry of the inbox.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Notification {
    /// Increases with every new or regrouped notification; the stream's event id.
    pub id: i64,
    pub kind: NotificationKind,
    /// The most recent actors first, at most 3.
    pub actors: Vec<ActorSummary>,
    /// How many people it groups (likes), 1 otherwise.
    pub actor_count: i64,
    pub target: NotificationTarget,
    /// When its latest activity happened.
    pub created_at: DateTime<Utc>,
    pub read: bool,
    /// For `moderation`: what the moderator did and why.
    pub moderation: Option<ModerationNote>,
}

/// A moderation action as its subject is told of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModerationNote {
    pub action: crate::domain::moderation::ModerationAction,
    pub reason: String,
    /// When a ban ends (absent: for good, or not a ban).
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadCount {
    pub count: i64,
}

/// Which notifications to mark read: all, or all up to and including `up_to`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkReadRequest {
    /// The newest notification id the reader has seen; absent marks everything read.
    #[schema(minimum = 1)]
    pub up_to: Option<i64>,
}

/// One kind's choices.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KindSetting {
    pub kind: NotificationKind,
    /// Shown in the inbox and counted in the unread badge.
    pub in_app: bool,
    /// Mailed (in a digest, at most one mail every few minutes).
    pub mail: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationSettings {
    /// Every kind, in a fixed order.
    pub kinds: Vec<KindSetting>,
}

/// The kinds to change; kinds not listed keep their settings.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateNotificationSettings {
    #[validate(length(min = 1, max = 16, message = "must list 1 to 16 kinds"))]
    #[schema(min_items = 1, max_items = 16)]
    pub kinds: Vec<KindSetting>,
}

/// A single-use pass for opening the event stream (`EventSource` cannot send headers).
#[derive(Debug, Serialize, ToSchema)]
pub struct StreamTicket {
    pub ticket: String,
    /// Seconds it stays usable.
    pub expires_in: u64,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// A ticket from `POST /me/notifications/stream-ticket` (else an `Authorization` header).
    #[param(max_length = 100)]
    pub ticket: Option<String>,
    /// Resume after this event id (for clients that cannot send `Last-Event-ID`).
    #[param(minimum = 0)]
    pub last_event_id: Option<i64>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribeQuery {
    /// The token from the mail's unsubscribe link.
    #[param(max_length = 200)]
    pub token: String,
}

/// What an unsubscribe link turned off.
#[derive(Debug, Serialize, ToSchema)]
pub struct Unsubscribed {
    /// The kind of mail turned off; absent when it was every notification mail (the digest's
    /// link).
    pub kind: Option<NotificationKind>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestQuery {
    /// The first letters of a user name or nickname (1–20 characters).
    #[param(min_length = 1, max_length = 20)]
    pub prefix: String,
    /// How many to return, 1–10 (default 6).
    #[param(minimum = 1, maximum = 10)]
    pub limit: Option<u64>,
}

/// A user offered while typing `@…`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UserSuggestion {
    pub id: i64,
    pub name: String,
    pub display_name: String,
    /// URL of the 64×64 avatar ("" when the user has none).
    pub avatar_small: String,
}
