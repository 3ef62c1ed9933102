use serde::Deserialize;
use utoipa::IntoParams;
use utoipa::ToSchema;
use validator::Validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCommentRequest {
    /// Markdown.
    #[validate(
        length(min = 1, max = 10000, message = "must be 1 to 10000 characters"),
        custom(function = "crate::content::validation::not_blank"),
        custom(function = "crate::content::validation::markdown")
    )]
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub content: String,
    /// The comment this one replies to; absent or 0 for a comment on the post itself.
    pub ref_id: Option<i64>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCommentRequest {
    /// Markdown.
    #[validate(
        length(min = 1, max = 10000, message = "must be 1 to 10000 characters"),
        custom(function = "crate::content::validation::not_blank"),
        custom(function = "crate::content::validation::markdown")
    )]
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub content: String,
}

/// How a post's top-level comments are ordered; replies under each stay oldest first, so a
/// conversation reads in order.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CommentSort {
    /// Oldest first.
    #[default]
    Oldest,
    /// Newest first.
    Newest,
    /// Most liked first (then oldest); pages with the `next_cursor` of this ordering.
    Top,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommentsQuery {
    /// `oldest` (default), `newest` or `top`.
    pub sort: Option<CommentSort>,
    /// `next_cursor` of the previous page, exactly as received (opaque, signed by the server;
    /// at most 200 characters); absent for the first page.
    #[param(max_length = 200)]
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}
