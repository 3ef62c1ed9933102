//! Typed ids: a post id, a user id and a comment id are different types, so a function taking
//! `(PostId, UserId)` cannot be called with its arguments swapped — that is a compile error.
//! Each is an `i64` on the wire (serde-transparent, an integer in the OpenAPI document), a
//! SeaORM value (usable in filters and inserts), and an actix path parameter.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            Serialize,
            Deserialize,
            sea_orm::DeriveValueType,
            utoipa::ToSchema,
        )]
        #[serde(transparent)]
        #[schema(value_type = i64)]
        pub struct $name(pub i64);

        impl $name {
            /// The number as stored.
            pub fn get(self) -> i64 {
                self.0
            }

            /// Typed ids from stored numbers (as a query returns them).
            pub fn all(ids: &[i64]) -> Vec<$name> {
                ids.iter().copied().map($name).collect()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(formatter)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        /// A typed id equals the stored number it wraps (rows keep plain `i64` columns).
        impl PartialEq<i64> for $name {
            fn eq(&self, other: &i64) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<$name> for i64 {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }
    };
}

typed_id!(
    /// A user (an account).
    UserId
);
typed_id!(
    /// A post.
    PostId
);
typed_id!(
    /// A comment.
    CommentId
);
typed_id!(
    /// A tag.
    TagId
);
typed_id!(
    /// An imported feed.
    FeedSourceId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain_integers_on_the_wire() {
        assert_eq!(
            serde_json::to_string(&PostId(12)).ok().as_deref(),
            Some("12")
        );
        assert_eq!(serde_json::from_str::<UserId>("9").ok(), Some(UserId(9)));
        let value: sea_orm::Value = CommentId(40).into();
        assert_eq!(value, sea_orm::Value::BigInt(Some(40)));
    }
}
