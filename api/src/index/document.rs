//! What the index holds for a post (read from the database by `crate::search::documents`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostDocument {
    pub id: i64,
    pub kind: String,
    pub title: String,
    /// Plain text (markdown stripped).
    pub content: String,
    pub tags: Vec<String>,
    /// The author's name.
    pub author: String,
    pub created_at: DateTime<Utc>,
    pub likes: i64,
    pub collects: i64,
    pub comments: i64,
}
