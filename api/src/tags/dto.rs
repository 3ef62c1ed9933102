use serde::Serialize;

use crate::read_model::tags::TagCount;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct TagList {
    pub items: Vec<TagCount>,
}
