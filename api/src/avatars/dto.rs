//! The upload form, for the OpenAPI document (the handler reads the multipart stream itself).

use utoipa::ToSchema;

/// `multipart/form-data` with one file part.
#[derive(ToSchema)]
pub struct AvatarUpload {
    /// A PNG, JPEG or WebP image of at most `avatar_max_bytes` (2 MiB by default) and
    /// 8192×8192 pixels. The type is read from the file's first bytes; its name and declared
    /// type are ignored. It is cropped to the centred square and stored at 256 and 64 px.
    #[schema(value_type = String, format = Binary, content_media_type = "application/octet-stream")]
    pub avatar: Vec<u8>,
}
