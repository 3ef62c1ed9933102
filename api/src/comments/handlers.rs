//! `/posts/{id}/comments` and `/comments/{id}`.

use actix_web::{HttpResponse, web};

use super::dto::{Comment, CreateCommentRequest};
use super::service;
use crate::auth::{AuthUser, ConfirmedUser, MaybeAuthUser};
use crate::error::{ErrorBody, Result};
use crate::pagination::{Page, PageQuery};
use crate::security::{COMMENT_JSON_BYTES, with_json_limit};
use crate::state::AppState;
use actix_web::http::Method;

pub fn router(config: &mut web::ServiceConfig) {
    config
        .route("/posts/{id}/comments", web::get().to(list_comments))
        .service(with_json_limit(
            "/posts/{id}/comments",
            Method::POST,
            web::post().to(create_comment),
            COMMENT_JSON_BYTES,
        ))
        .route("/comments/{id}", web::delete().to(delete_comment));
}

/// Comments on a post: top-level comments oldest first, each with its replies nested.
#[utoipa::path(get, path = "/api/v1/posts/{id}/comments", tag = "comments",
    params(("id" = i64, Path, description = "Post id"), PageQuery),
    responses(
        (status = 200, description = "A page of comment threads", body = Page<Comment>),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
pub async fn list_comments(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    id: web::Path<i64>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state, viewer.id(), *id, &query).await?))
}

/// Comment on a post, or reply to a comment with `ref_id`.
#[utoipa::path(post, path = "/api/v1/posts/{id}/comments", tag = "comments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    request_body = CreateCommentRequest,
    responses(
        (status = 201, description = "Created", body = Comment),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Comments are off for this post (`comments_closed`), or your email address is not confirmed yet (`email_unconfirmed`)", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
        (status = 422, description = "Invalid fields or `invalid_ref_id`", body = ErrorBody),
    ))]
pub async fn create_comment(
    state: web::Data<AppState>,
    user: ConfirmedUser,
    id: web::Path<i64>,
    body: web::Json<CreateCommentRequest>,
) -> Result<HttpResponse> {
    let comment = service::create(&state, &user, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(comment))
}

/// Delete a comment and its replies (the comment's author or the post's author).
#[utoipa::path(delete, path = "/api/v1/comments/{id}", tag = "comments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Comment id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not allowed (`not_allowed`)", body = ErrorBody),
        (status = 404, description = "No such comment", body = ErrorBody),
    ))]
pub async fn delete_comment(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse> {
    service::delete(&state, &user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
