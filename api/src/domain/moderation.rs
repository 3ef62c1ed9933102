//! The vocabulary of moderation shared by the features it touches: what a moderator did, and to
//! what kind of thing.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One row of the moderation log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModerationAction {
    /// A post or comment was taken out of view (never deleted).
    Remove,
    /// A removed post or comment was put back.
    Restore,
    /// A post's comments were closed.
    Lock,
    /// A post's comments were opened again.
    Unlock,
    /// A user was banned, for a time or for good.
    Ban,
    /// A ban was lifted (and what it removed restored).
    Unban,
    /// An administrator made a user a moderator.
    Appoint,
    /// An administrator took a moderator's role away.
    Unappoint,
    /// Reports on a target were closed without action.
    Dismiss,
}

impl ModerationAction {
    pub const ALL: [ModerationAction; 9] = [
        ModerationAction::Remove,
        ModerationAction::Restore,
        ModerationAction::Lock,
        ModerationAction::Unlock,
        ModerationAction::Ban,
        ModerationAction::Unban,
        ModerationAction::Appoint,
        ModerationAction::Unappoint,
        ModerationAction::Dismiss,
    ];

    /// How it is stored (`moderation_actions.action`).
    pub fn as_str(self) -> &'static str {
        match self {
            ModerationAction::Remove => "remove",
            ModerationAction::Restore => "restore",
            ModerationAction::Lock => "lock",
            ModerationAction::Unlock => "unlock",
            ModerationAction::Ban => "ban",
            ModerationAction::Unban => "unban",
            ModerationAction::Appoint => "appoint",
            ModerationAction::Unappoint => "unappoint",
            ModerationAction::Dismiss => "dismiss",
        }
    }

    pub fn parse(stored: &str) -> Option<ModerationAction> {
        ModerationAction::ALL
            .into_iter()
            .find(|action| action.as_str() == stored)
    }
}

/// What a moderation action or a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModerationTargetKind {
    Post,
    Comment,
    User,
}

impl ModerationTargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ModerationTargetKind::Post => "post",
            ModerationTargetKind::Comment => "comment",
            ModerationTargetKind::User => "user",
        }
    }

    pub fn parse(stored: &str) -> Option<ModerationTargetKind> {
        [
            ModerationTargetKind::Post,
            ModerationTargetKind::Comment,
            ModerationTargetKind::User,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == stored)
    }
}
