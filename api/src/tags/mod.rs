//! Tags: lower-cased names created on first use and never updated, linked to posts.

pub mod dto;
pub mod handlers;
pub mod repo;
pub mod service;
