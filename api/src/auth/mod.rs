//! Accounts: registration, password login, JWT access tokens, rotating refresh tokens.

pub mod dto;
pub mod extract;
pub mod handlers;
pub mod password;
pub mod repo;
pub mod service;
pub mod tokens;

pub use extract::{AuthUser, MaybeAuthUser};
