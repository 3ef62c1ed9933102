//! End-to-end tests of the HTTP API: each test starts the real server on port 0 with a database
//! of its own. `TIDINGS_TEST_DATABASE` picks the backend: `sqlite` (default), `postgres`, `mysql`.

mod helpers;

mod accounts;
mod accounts_mail;
mod avatars;
mod cache;
mod comments;
mod concurrency;
mod counters;
mod errors;
mod feed;
mod feed_import;
mod follows;
mod hardening;
mod jobs;
mod moderation;
mod notifications;
mod oauth;
mod open_web;
mod openapi;
mod pagination;
mod posts;
mod reactions;
mod read_path;
mod search;
mod syndication;
mod web_app;
