use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reporter_id: i64,
    /// `post`, `comment` or `user`.
    pub target_kind: String,
    pub target_id: i64,
    /// The reported content's author, or the reported user.
    pub target_user_id: i64,
    /// `ReportKind::as_str`.
    pub kind: String,
    pub reason: String,
    /// `open`, `resolved` or `dismissed`.
    pub status: String,
    /// 1 while open, NULL after: one open report per reporter and target (unique index).
    pub open_marker: Option<i16>,
    pub created_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
    pub resolved_by: Option<i64>,
    /// The moderation action that resolved it (a removal, a ban, a dismissal).
    pub action_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
