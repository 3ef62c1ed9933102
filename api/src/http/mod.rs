//! The HTTP edge shared by every feature: security headers and body limits, health and
//! readiness.

pub mod health;
pub mod rate_limit;
pub mod request_id;
pub mod security;
