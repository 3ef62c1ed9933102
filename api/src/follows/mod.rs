//! Who follows whom. A follow row is only ever inserted or deleted, never updated.

pub mod dto;
pub mod handlers;
pub mod repo;
pub mod service;
