//! Avatars: uploads (`PUT`/`DELETE /me/avatar`) and the `FetchAvatar` job that imports a remote
//! picture once; the image pipeline and media storage are infrastructure (`crate::media`).

pub mod dto;
pub mod handlers;
pub mod service;
