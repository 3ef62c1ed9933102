//! Text rules shared by every feature: field validation and normalisation, and markdown
//! rendering with its limits.

pub mod markdown;
pub mod mentions;
pub mod validation;
