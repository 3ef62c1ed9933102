//! Accounts: registration, password login, JWT access tokens, rotating refresh tokens.

pub mod dto;
pub mod extract;
pub mod flows;
pub mod handlers;
pub mod oauth;
pub mod password;
pub mod rate_limit;
pub mod repo;
pub mod service;
pub mod tokens;

pub use extract::{AuthUser, ConfirmedUser, MaybeAuthUser};
