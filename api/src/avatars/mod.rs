//! Avatars: uploads (`PUT`/`DELETE /me/avatar`), the image pipeline, media storage served at
//! `/media/`, and the `FetchAvatar` job that imports a remote picture once.

pub mod dto;
pub mod handlers;
pub mod pipeline;
pub mod service;
pub mod storage;

pub use service::small_url;
