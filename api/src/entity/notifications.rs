use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub recipient_id: i64,
    /// `NotificationKind::as_str`.
    pub kind: String,
    /// `post`, `comment` or `user`.
    pub target_kind: String,
    pub target_id: i64,
    pub post_id: Option<i64>,
    /// The latest actor.
    pub actor_id: i64,
    pub actor_count: i32,
    /// Up to three actor ids, most recent first, comma-separated.
    pub recent_actors: String,
    /// What makes it unique for its recipient while it may still grow or must not repeat.
    pub group_key: Option<String>,
    /// False when the recipient turned this kind off in the app but wants its mail.
    pub in_app: bool,
    /// 0: no mail wanted, 1: mail owed, 2: mailed.
    pub mail_state: i16,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
    /// For a `moderation` notification: the action it tells of.
    pub moderation_action_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
