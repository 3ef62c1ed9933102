use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    /// SHA-256 of the name's TR39 skeleton: unique, so look-alike names cannot coexist.
    pub name_key: Option<String>,
    pub email: String,
    pub password_hash: Option<String>,
    pub nickname: String,
    pub bio: String,
    pub website: String,
    pub company: String,
    pub avatar: String,
    pub active: bool,
    pub is_admin: bool,
    /// Appointed by an administrator.
    pub is_moderator: bool,
    /// Set while banned (with `banned_until`; NULL there: for good).
    pub banned_at: Option<DateTimeUtc>,
    pub banned_until: Option<DateTimeUtc>,
    pub ban_reason: Option<String>,
    /// The `ban` action in the moderation log.
    pub ban_action_id: Option<i64>,
    pub confirmed_at: Option<DateTimeUtc>,
    pub last_login_at: Option<DateTimeUtc>,
    pub current_login_at: Option<DateTimeUtc>,
    pub last_login_ip: Option<String>,
    pub current_login_ip: Option<String>,
    pub login_count: i32,
    /// Whether others may see what this user collected (private by default).
    pub collects_public: bool,
    /// A new address waiting to be confirmed by its owner (the change happens then).
    pub pending_email: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
