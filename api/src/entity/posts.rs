use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "posts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub author_id: i64,
    pub title: String,
    pub orig_url: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    /// The sanitized HTML of `content`, rendered when it was written (None for rows written
    /// before it was stored: the first read fills it in).
    #[sea_orm(column_type = "Text", nullable)]
    pub content_html: Option<String>,
    pub excerpt: String,
    pub can_comment: bool,
    pub like_count: i32,
    pub collect_count: i32,
    pub comment_count: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Set while a moderator has it removed: it leaves every list, its page shows the reason.
    pub removed_at: Option<DateTimeUtc>,
    pub removed_reason: Option<String>,
    /// The moderation action that removed it (a removal, or a ban that removed its author's
    /// content: undoing that ban restores exactly those rows).
    pub removed_action_id: Option<i64>,
    /// Set while a moderator has its comments locked (its author cannot reopen them).
    pub locked_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
