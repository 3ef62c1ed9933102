//! Tags as the tag list shows them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A tag and how many posts carry it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TagCount {
    pub name: String,
    pub post_count: i64,
}
