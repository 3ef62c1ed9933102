//! Accounts: registration, password and provider sign-in, rotating refresh tokens, email
//! confirmation and password resets. Tokens and the extractors live in `crate::session`.

pub mod dto;
pub mod flows;
pub mod handlers;
pub mod oauth;
pub mod password;
pub mod repo;
pub mod service;
