//! Tidings: a community where people share links and write-ups, comment, like, collect and follow.

pub mod auth;
pub mod cache;
pub mod cli;
pub mod comments;
pub mod config;
pub mod db;
pub mod entity;
pub mod error;
pub mod feed;
pub mod follows;
pub mod health;
pub mod markdown;
pub mod metrics;
pub mod openapi;
pub mod pagination;
pub mod posts;
pub mod reactions;
pub mod reconcile;
pub mod seed;
pub mod startup;
pub mod state;
pub mod tags;
pub mod telemetry;
pub mod users;
pub mod validation;
pub mod web_app;
