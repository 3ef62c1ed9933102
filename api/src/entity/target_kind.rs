//! The kind half of every polymorphic `(target_id, target_kind)` pair, stored as a small integer.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "i16", db_type = "SmallInteger")]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    #[sea_orm(num_value = 1)]
    Post,
    #[sea_orm(num_value = 2)]
    Comment,
}

impl TargetKind {
    pub fn as_i16(self) -> i16 {
        match self {
            TargetKind::Post => 1,
            TargetKind::Comment => 2,
        }
    }
}
