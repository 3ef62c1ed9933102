//! The vocabulary every layer shares and no layer owns: typed ids, and the kinds of reaction
//! and the targets they land on. It imports nothing of the application but the entities.

pub mod ids;
pub mod moderation;
pub mod notify;
pub mod targets;
