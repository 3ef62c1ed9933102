//! User accounts as others see them: profiles, the signed-in user's own record, user stats.

pub mod dto;
pub mod extract;
pub mod handlers;
pub mod repo;
pub mod service;
