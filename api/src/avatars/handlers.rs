//! `PUT /me/avatar` (multipart upload) and `DELETE /me/avatar`.

use actix_multipart::{Multipart, MultipartError};
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web::{delete, put};
use futures_util::StreamExt;
use utoipa_actix_web::service_config::ServiceConfig;

use super::dto::AvatarUpload;
use super::service::{self, FIELD};
use crate::error::{AppError, ErrorBody, Result};
use crate::http::rate_limit::{Action, client_ip};
use crate::session::AuthUser;
use crate::state::AppState;
use crate::users::dto::Me;

/// Bytes of other form fields skipped before the `avatar` part (a client may send a name or a
/// token alongside); past it the request is refused rather than read on.
const OTHER_FIELDS_MAX_BYTES: usize = 64 * 1024;

/// Registers this module's handlers: each route is declared once, by its handler's attribute,
/// and registering it is what documents it.
pub fn router(config: &mut ServiceConfig) {
    config.service(upload_avatar).service(delete_avatar);
}

/// Set your avatar from an image file.
#[utoipa::path(tag = "users", security(("bearer" = [])),
    request_body(content = AvatarUpload, content_type = "multipart/form-data",
        description = "One file part named `avatar`: PNG, JPEG or WebP, recognised by its content."),
    responses(
        (status = 200, description = "Your account with the new `avatar` (256 px) and `avatar_small` (64 px) URLs", body = Me),
        (status = 400, description = "A malformed multipart body (`invalid_multipart`)", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 413, description = "The file is larger than `avatar_max_bytes` (`payload_too_large`, `fields.avatar`)", body = ErrorBody),
        (status = 415, description = "The body is not `multipart/form-data` (`unsupported_media_type`)", body = ErrorBody),
        (status = 429, description = "Too many uploads (`rate_limited`; see `Retry-After`)", body = ErrorBody),
        (status = 422, description = "No `avatar` part (`validation_failed`), or not a usable PNG, JPEG or WebP image: another format, undecodable, or too many pixels (`invalid_image`); the message is in `fields.avatar`", body = ErrorBody),
    ))]
#[put("/me/avatar")]
pub async fn upload_avatar(
    state: web::Data<AppState>,
    request: HttpRequest,
    user: AuthUser,
    form: Multipart,
) -> Result<HttpResponse> {
    // Counted before the body is read: a refused upload costs no decoding.
    state
        .rate_limiter
        .check(
            &state,
            Action::AvatarUpload,
            client_ip(&request).as_deref(),
            Some(&format!("user:{}", user.id)),
        )
        .await?;
    let bytes = read_avatar_part(form, state.settings.avatar_max_bytes).await?;
    Ok(HttpResponse::Ok().json(service::upload(&state, &user, bytes).await?))
}

/// Remove your avatar.
#[utoipa::path(tag = "users", security(("bearer" = [])),
    responses(
        (status = 200, description = "Your account, with empty `avatar` and `avatar_small`", body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
#[delete("/me/avatar")]
pub async fn delete_avatar(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::remove(&state, &user).await?))
}

/// Streams the form until the `avatar` part and returns its bytes, refusing (413) as soon as it
/// passes `limit` instead of buffering the rest. The part's file name and Content-Type are
/// ignored: the pipeline decides what the bytes are.
async fn read_avatar_part(mut form: Multipart, limit: usize) -> Result<Vec<u8>> {
    let mut skipped = 0;
    while let Some(part) = form.next().await {
        let mut part = part.map_err(multipart_error)?;
        let is_avatar = part.name() == Some(FIELD);
        let mut bytes = Vec::new();
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(multipart_error)?;
            if is_avatar {
                if bytes.len() + chunk.len() > limit {
                    return Err(AppError::too_large(
                        FIELD,
                        format!("the avatar is larger than {}", human_bytes(limit)),
                    ));
                }
                bytes.extend_from_slice(&chunk);
            } else {
                skipped += chunk.len();
                if skipped > OTHER_FIELDS_MAX_BYTES {
                    return Err(AppError::too_large(
                        FIELD,
                        format!(
                            "the form has more than {} besides the avatar",
                            human_bytes(OTHER_FIELDS_MAX_BYTES)
                        ),
                    ));
                }
            }
        }
        if is_avatar {
            return Ok(bytes);
        }
    }
    Err(AppError::invalid_field(
        "validation_failed",
        FIELD,
        "is required: send the image as a multipart/form-data file part named `avatar`",
    ))
}

fn multipart_error(error: MultipartError) -> AppError {
    match error {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible => AppError::UnsupportedMediaType {
            message: "send the avatar as `multipart/form-data`".into(),
        },
        other => AppError::bad_request(
            "invalid_multipart",
            format!("the multipart body is malformed: {other}"),
        ),
    }
}

fn human_bytes(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}
