//! What the moderation endpoints take and send.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::domain::moderation::{ModerationAction, ModerationTargetKind};
use crate::read_model::users::UserSummary;
use crate::session::standing::Role;

/// Why a report was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// Advertising, link farming, repeated junk.
    Spam,
    /// Harassment or a personal attack.
    Harassment,
    /// Hate against a group.
    Hate,
    /// Sexual or violent content where it does not belong.
    Explicit,
    /// Against the law.
    Illegal,
    /// Something else: say what in `reason`.
    Other,
}

impl ReportKind {
    pub const ALL: [ReportKind; 6] = [
        ReportKind::Spam,
        ReportKind::Harassment,
        ReportKind::Hate,
        ReportKind::Explicit,
        ReportKind::Illegal,
        ReportKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Spam => "spam",
            ReportKind::Harassment => "harassment",
            ReportKind::Hate => "hate",
            ReportKind::Explicit => "explicit",
            ReportKind::Illegal => "illegal",
            ReportKind::Other => "other",
        }
    }

    pub fn parse(stored: &str) -> Option<ReportKind> {
        ReportKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == stored)
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateReportRequest {
    pub target_kind: ModerationTargetKind,
    #[validate(range(min = 1, message = "must be a positive id"))]
    #[schema(minimum = 1)]
    pub target_id: i64,
    pub kind: ReportKind,
    /// What is wrong, for the moderators (required when `kind` is `other`).
    #[validate(length(max = 1000, message = "must be at most 1000 characters"))]
    #[schema(max_length = 1000)]
    #[serde(default)]
    pub reason: String,
}

/// A reason, shown in the moderation log and to the person concerned.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    #[validate(
        length(min = 1, max = 500, message = "must be 1 to 500 characters"),
        custom(function = "crate::content::validation::not_blank")
    )]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub reason: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BanRequest {
    #[validate(
        length(min = 1, max = 500, message = "must be 1 to 500 characters"),
        custom(function = "crate::content::validation::not_blank")
    )]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub reason: String,
    /// How long, in days (1–3650); absent: for good.
    #[validate(range(min = 1, max = 3650, message = "must be 1 to 3650 days"))]
    #[schema(minimum = 1, maximum = 3650)]
    pub days: Option<u32>,
    /// Also remove every post and comment of theirs (restored if the ban is lifted).
    #[serde(default)]
    pub remove_content: bool,
}

/// What a moderation action was about.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModerationTarget {
    pub kind: ModerationTargetKind,
    pub id: i64,
    /// The post (itself, or the one a comment is on).
    pub post_id: Option<i64>,
    /// The post's title, when there is one.
    pub title: Option<String>,
}

/// One row of the public moderation log.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModlogEntry {
    pub id: i64,
    pub action: ModerationAction,
    /// Who acted; absent when the site hides moderators' names from non-moderators.
    pub moderator: Option<UserSummary>,
    pub target: ModerationTarget,
    /// The person concerned (a removed post's author, the banned user).
    pub target_user: Option<UserSummary>,
    pub reason: String,
    pub created_at: DateTime<Utc>,
    /// When a ban ends (absent: for good, or not a ban).
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ModlogQuery {
    /// Only this action.
    pub action: Option<ModerationAction>,
    /// Only actions by this moderator (id or name).
    #[param(max_length = 64)]
    pub moderator: Option<String>,
    /// Only actions concerning this user (id or name).
    #[param(max_length = 64)]
    pub target_user: Option<String>,
    /// `next_cursor` of the previous page, exactly as received; absent for the first page.
    #[param(max_length = 200)]
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// Where a report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Open,
    /// Closed by an action on its target (a removal, a ban, a lock).
    Resolved,
    /// Closed without action.
    Dismissed,
}

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Open => "open",
            ReportStatus::Resolved => "resolved",
            ReportStatus::Dismissed => "dismissed",
        }
    }

    pub fn parse(stored: &str) -> Option<ReportStatus> {
        [
            ReportStatus::Open,
            ReportStatus::Resolved,
            ReportStatus::Dismissed,
        ]
        .into_iter()
        .find(|status| status.as_str() == stored)
    }
}

/// Which reports the queue shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueFilter {
    /// Waiting for a moderator.
    #[default]
    Open,
    /// Resolved or dismissed.
    Closed,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueSort {
    #[default]
    Newest,
    /// Targets with the most open reports first (open reports only).
    MostReported,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportsQuery {
    /// `open` (default) or `closed`.
    pub status: Option<QueueFilter>,
    /// `newest` (default) or `most_reported`.
    pub sort: Option<QueueSort>,
    /// `next_cursor` of the previous page, exactly as received; absent for the first page.
    #[param(max_length = 200)]
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// The reported thing, shown in context.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportedContent {
    pub kind: ModerationTargetKind,
    pub id: i64,
    /// The post (itself, or the one a comment is on).
    pub post_id: Option<i64>,
    /// The post's title.
    pub title: Option<String>,
    /// The start of the text (a post's or comment's), or a user's bio.
    pub excerpt: String,
    /// Its author, or the reported user.
    pub author: UserSummary,
    /// Whether a moderator has removed it (or banned the user) already.
    pub removed: bool,
    /// False when it was deleted since.
    pub exists: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Report {
    pub id: i64,
    pub kind: ReportKind,
    pub reason: String,
    pub status: ReportStatus,
    pub reporter: UserSummary,
    pub target: ReportedContent,
    /// Open reports on the same target, this one included.
    pub open_reports: i64,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// The action that closed it, if any.
    pub action: Option<ModerationAction>,
}

/// A report as its reporter sees it after sending it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportReceipt {
    pub id: i64,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
}

/// A moderator or administrator.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StaffMember {
    pub user: UserSummary,
    pub role: Role,
}
