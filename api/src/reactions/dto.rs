use serde::Serialize;
use utoipa::ToSchema;

/// The caller's reaction after a like/unlike or collect/uncollect, and the new total.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReactionState {
    /// Whether the caller now likes (or has collected) the target.
    pub active: bool,
    /// The target's count for this reaction after the change.
    pub count: i32,
}
