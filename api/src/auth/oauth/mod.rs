//! Sign-in with GitHub and OpenID Connect: authorization code + PKCE through the `oauth2`
//! crate, accounts created or found by (provider, provider user id), identities linked to
//! signed-in accounts, and a one-time code the web app trades for our own token pair.

pub mod dto;
pub mod handlers;
pub mod providers;
pub mod repo;
pub mod service;

pub use providers::Providers;
