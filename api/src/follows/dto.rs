use serde::Serialize;
use utoipa::ToSchema;

/// The caller's relation to a user after a follow or unfollow.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowState {
    pub following: bool,
    /// The followed user's follower count after the change.
    pub follower_count: i32,
}
