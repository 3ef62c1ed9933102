use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::users::dto::UserSummary;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCommentRequest {
    /// Markdown.
    #[validate(
        length(min = 1, max = 10000, message = "must be 1 to 10000 characters"),
        custom(function = "crate::validation::not_blank"),
        custom(function = "crate::validation::markdown")
    )]
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub content: String,
    /// The comment this one replies to; absent or 0 for a comment on the post itself.
    pub ref_id: Option<i64>,
}

/// A comment with its replies, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct Comment {
    pub id: i64,
    pub post_id: i64,
    /// 0 for a comment on the post, else the comment replied to.
    pub ref_id: i64,
    pub author: UserSummary,
    pub content: String,
    pub content_html: String,
    pub like_count: i32,
    /// Whether the caller likes this comment.
    pub liked: bool,
    pub created_at: DateTime<Utc>,
    #[schema(no_recursion)]
    pub replies: Vec<Comment>,
}
