//! Tidings on the open web: Atom and RSS feeds of what the site publishes (latest, hot, tags,
//! people, a post's comments, and each person's home timeline behind a revocable token), the
//! sitemap and `robots.txt`. Everything is built from the read model's cached cards and bodies.

pub mod feeds;
pub mod handlers;
pub mod sitemap;
pub mod tokens;
