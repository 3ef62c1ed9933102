//! Feed-source requests and responses.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidationError};

use crate::entity::feed_sources;

/// The longest feed address accepted.
pub const MAX_URL_CHARS: usize = 500;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateFeedSourceRequest {
    /// An `http://` or `https://` address of an RSS 2.0, Atom 1.0 or JSON Feed document.
    #[validate(custom(function = "feed_url"))]
    #[schema(max_length = 500, example = "https://blog.example.com/feed.xml")]
    pub url: String,
}

fn feed_url(value: &str) -> Result<(), ValidationError> {
    let invalid = |code: &'static str, message: &'static str| {
        let mut error = ValidationError::new(code);
        error.message = Some(message.into());
        Err(error)
    };
    let value = value.trim();
    if value.is_empty() {
        return invalid("required", "must not be blank");
    }
    if value.chars().count() > MAX_URL_CHARS {
        return invalid("length", "must be at most 500 characters");
    }
    match url::Url::parse(value) {
        Ok(url) if !matches!(url.scheme(), "http" | "https") => {
            invalid("scheme", "must be an http:// or https:// address")
        }
        Ok(url) if url.host().is_none() => invalid("url", "must have a host"),
        Ok(url) if !url.username().is_empty() || url.password().is_some() => {
            invalid("credentials", "must not contain a user name or password")
        }
        Ok(_) => Ok(()),
        Err(_) => invalid("url", "must be an http:// or https:// address"),
    }
}

/// A feed whose entries are published as posts under its owner's name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeedSource {
    pub id: i64,
    pub url: String,
    /// The feed's own title, once fetched (empty before).
    pub title: String,
    pub last_fetched_at: Option<DateTime<Utc>>,
    /// Why the last poll failed, or why some of its entries could not be imported; null when
    /// the last poll went well.
    pub last_error: Option<String>,
    /// When the scheduler polls it next (null for one-off command-line imports).
    pub next_poll_at: Option<DateTime<Utc>>,
    /// Entries imported as posts so far.
    pub imported_count: i32,
    /// Polls that failed in a row; each doubles the wait before the next.
    pub failure_count: i32,
    /// Polls completed (successful or not).
    pub fetch_count: i32,
    pub created_at: DateTime<Utc>,
}

impl From<feed_sources::Model> for FeedSource {
    fn from(row: feed_sources::Model) -> Self {
        FeedSource {
            id: row.id,
            url: row.url,
            title: row.title,
            last_fetched_at: row.last_fetched_at,
            last_error: row.last_error,
            next_poll_at: row.next_poll_at,
            imported_count: row.imported_count,
            failure_count: row.failure_count,
            fetch_count: row.fetch_count,
            created_at: row.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeedSourceList {
    /// Oldest first.
    pub items: Vec<FeedSource>,
}
