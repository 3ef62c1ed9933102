//! What a write tells the notification job: who did what to what. The job works out who is
//! told (the post's or comment's author, the people named) and groups, so a write never reads
//! anything for it.

use serde::{Deserialize, Serialize};

use super::ids::{CommentId, PostId, UserId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum NotifyEvent {
    /// A comment was added: the author of what it answers hears of it.
    Replied { comment_id: CommentId },
    /// `by` named `users` in a post (`comment_id` absent) or in one of its comments. Sent again
    /// after an edit; those already told are not told twice.
    Mentioned {
        by: UserId,
        post_id: PostId,
        comment_id: Option<CommentId>,
        users: Vec<UserId>,
    },
    /// `by` liked or unliked a post or comment; the job reads which is true when it runs, so
    /// events handled out of order still end right.
    Liked {
        by: UserId,
        on_comment: bool,
        target_id: i64,
    },
    /// `by` started following `to`.
    Followed { by: UserId, to: UserId },
    /// A moderation action (a row of the log) concerns its target's author or user.
    Moderated { action_id: i64 },
}
