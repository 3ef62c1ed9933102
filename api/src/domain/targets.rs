//! What can be reacted to: the kinds of reaction and the targets they land on.

use crate::entity::TargetKind;

/// The two kinds of reaction, each with its own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reaction {
    Like,
    Collect,
}

impl Reaction {
    pub fn table(self) -> &'static str {
        match self {
            Reaction::Like => "likes",
            Reaction::Collect => "collects",
        }
    }
}

/// A reactable object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub kind: TargetKind,
    pub id: i64,
}

impl Target {
    pub fn post(id: i64) -> Target {
        Target {
            kind: TargetKind::Post,
            id,
        }
    }

    pub fn comment(id: i64) -> Target {
        Target {
            kind: TargetKind::Comment,
            id,
        }
    }

    /// Collects are bookmarks of posts; comments can only be liked.
    pub fn accepts(self, reaction: Reaction) -> bool {
        !(self.kind == TargetKind::Comment && reaction == Reaction::Collect)
    }
}
