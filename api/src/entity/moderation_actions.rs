use sea_orm::entity::prelude::*;

/// One row per moderation action: the public moderation log.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "moderation_actions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub moderator_id: i64,
    /// `ModerationAction::as_str`.
    pub action: String,
    /// `post`, `comment`, `user` or `report`.
    pub target_kind: String,
    pub target_id: i64,
    /// The person the action concerns (a removed post's author, the banned user).
    pub target_user_id: Option<i64>,
    pub reason: String,
    pub created_at: DateTimeUtc,
    /// When a ban ends (NULL: for good, or not a ban).
    pub expires_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
