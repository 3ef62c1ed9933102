use serde::Deserialize;
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
