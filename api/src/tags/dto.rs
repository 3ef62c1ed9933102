use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TagCount {
    pub name: String,
    pub post_count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TagList {
    pub items: Vec<TagCount>,
}
