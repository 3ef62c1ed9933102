use sea_orm::entity::prelude::*;

use super::TargetKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub author_id: i64,
    pub target_id: i64,
    pub target_kind: TargetKind,
    /// 0 for a comment on the post, else the comment this one replies to.
    pub ref_id: i64,
    /// 0 for a top-level comment, else the top-level comment of its thread.
    pub root_id: i64,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    /// The sanitized HTML of `content`, rendered when it was written (None for rows written
    /// before it was stored: the first read fills it in).
    #[sea_orm(column_type = "Text", nullable)]
    pub content_html: Option<String>,
    pub like_count: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When the author last edited the comment.
    pub edited_at: Option<DateTimeUtc>,
    /// Set when a comment with replies was deleted: it stays as an empty placeholder.
    pub deleted_at: Option<DateTimeUtc>,
    /// Set while a moderator has it removed: it keeps its place as `[removed]`.
    pub removed_at: Option<DateTimeUtc>,
    pub removed_reason: Option<String>,
    /// The moderation action that removed it.
    pub removed_action_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
