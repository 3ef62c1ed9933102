use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::read_model::cards::PostCard;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePostRequest {
    #[validate(
        length(min = 1, max = 128, message = "must be 1 to 128 characters"),
        custom(function = "crate::content::validation::not_blank"),
        custom(function = "crate::content::validation::single_line")
    )]
    /// One line: no control characters, not only white space.
    #[schema(
        min_length = 1,
        max_length = 128,
        pattern = r"^[^\x00-\x1f\x7f]*\S[^\x00-\x1f\x7f]*$"
    )]
    #[serde(deserialize_with = "crate::content::validation::parse::trimmed")]
    pub title: String,
    /// The page this post shares, if any (http or https).
    #[validate(custom(function = "crate::content::validation::http_url"))]
    #[schema(max_length = 255)]
    #[serde(default, deserialize_with = "crate::content::validation::parse::link")]
    pub orig_url: Option<String>,
    /// Markdown.
    #[validate(
        length(min = 1, max = 100000, message = "must be 1 to 100000 characters"),
        custom(function = "crate::content::validation::not_blank"),
        custom(function = "crate::content::validation::markdown")
    )]
    /// Quotes and lists nest at most 16 deep (see the README's Security section).
    #[schema(min_length = 1, max_length = 100000, pattern = r"\S")]
    pub content: String,
    /// Up to 5 tags of 1–32 letters, digits or `-_+.#`; stored lower-cased.
    #[serde(default, deserialize_with = "crate::content::validation::parse::tags")]
    #[schema(max_items = 5, value_type = Vec<TagName>)]
    #[validate(custom(function = "crate::content::validation::tags"))]
    pub tags: Vec<String>,
    /// Whether others may comment (default true).
    pub can_comment: Option<bool>,
}

/// A tag as clients send it: 1–32 letters (of any script), digits or `-_+.#`, stored lower-cased:
/// no white space, control characters or other ASCII punctuation. (Schema only: the field is a
/// `String`.)
pub struct TagName;

impl utoipa::PartialSchema for TagName {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(32))
            .pattern(Some(r#"^[^\x00-\x20!"$-*,/:-@\[-^`{-~\x7f\s]+$"#))
            .examples(["rust"])
            .into()
    }
}

impl utoipa::ToSchema for TagName {}

/// Fields left out stay as they are; an empty `orig_url` removes it.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePostRequest {
    #[validate(
        length(min = 1, max = 128, message = "must be 1 to 128 characters"),
        custom(function = "crate::content::validation::not_blank"),
        custom(function = "crate::content::validation::single_line")
    )]
    #[schema(
        min_length = 1,
        max_length = 128,
        pattern = r"^[^\x00-\x1f\x7f]*\S[^\x00-\x1f\x7f]*$"
    )]
    #[serde(
        default,
        deserialize_with = "crate::content::validation::parse::trimmed_option"
    )]
    pub title: Option<String>,
    #[validate(custom(function = "crate::content::validation::http_url"))]
    #[schema(max_length = 255)]
    #[serde(
        default,
        deserialize_with = "crate::content::validation::parse::trimmed_option"
    )]
    pub orig_url: Option<String>,
    #[validate(
        length(min = 1, max = 100000, message = "must be 1 to 100000 characters"),
        custom(function = "crate::content::validation::not_blank"),
        custom(function = "crate::content::validation::markdown")
    )]
    #[schema(min_length = 1, max_length = 100000, pattern = r"\S")]
    pub content: Option<String>,
    #[validate(custom(function = "crate::content::validation::tags"))]
    #[schema(max_items = 5, value_type = Option<Vec<TagName>>)]
    #[serde(
        default,
        deserialize_with = "crate::content::validation::parse::tags_option"
    )]
    pub tags: Option<Vec<String>>,
    pub can_comment: Option<bool>,
}

/// A whole post: its card plus the markdown and the sanitized HTML rendered from it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostDetail {
    #[serde(flatten)]
    pub card: PostCard,
    pub content: String,
    pub content_html: String,
    /// Set while a moderator has it removed (then only its author and moderators see it).
    pub removed: Option<Removal>,
    /// Why a moderator locked its comments, while they are locked (its author cannot reopen
    /// them).
    pub locked_reason: Option<String>,
}

/// A moderator's removal.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Removal {
    pub reason: String,
    pub removed_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PostSort {
    /// Newest first.
    #[default]
    Latest,
    /// gauss(age; offset 7 d, scale 10 d, decay 0.5) × (2·likes + collects + comments + 1),
    /// highest first; pages with the `next_cursor` of this ordering.
    Hot,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListPostsQuery {
    /// `latest` (default) or `hot`.
    pub sort: Option<PostSort>,
    /// Only posts with this tag.
    pub tag: Option<String>,
    /// Only posts by this user (id or name).
    pub author: Option<String>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TagPostsQuery {
    /// `latest` (default) or `hot`.
    pub sort: Option<PostSort>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}
