//! `/posts/{id}/comments` and `/comments/{id}`.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

use super::dto::{CreateCommentRequest, UpdateCommentRequest};
use super::service;
use crate::db::pagination::Page;
use crate::domain::ids::{CommentId, PostId};
use crate::error::{ErrorBody, Result};
use crate::read_model::threads;
use crate::read_model::threads::Comment;
use crate::read_model::threads::CommentsQuery;
use crate::session::{AuthUser, ConfirmedUser, MaybeAuthUser};
use crate::state::AppState;

/// Registers this module's handlers: each route is declared once, by its handler's attribute,
/// and registering it is what documents it.
pub fn router(config: &mut ServiceConfig) {
    config
        .service(list_comments)
        .service(create_comment)
        .service(update_comment)
        .service(delete_comment);
}

/// Comments on a post: top-level comments oldest first (or `sort=newest` / `top`), each with
/// its replies nested, oldest first.
#[utoipa::path(tag = "comments",
    params(("id" = i64, Path, description = "Post id"), CommentsQuery),
    responses(
        (status = 200, description = "A page of comment threads", body = Page<Comment>),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
#[get("/posts/{id}/comments")]
pub async fn list_comments(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    id: web::Path<PostId>,
    query: web::Query<CommentsQuery>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(threads::list(&state, viewer.id(), *id, &query).await?))
}

/// Comment on a post, or reply to a comment with `ref_id`.
#[utoipa::path(tag = "comments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    request_body = CreateCommentRequest,
    responses(
        (status = 201, description = "Created", body = Comment),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Comments are off for this post (`comments_closed`), or your email address is not confirmed yet (`email_unconfirmed`)", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
        (status = 422, description = "Invalid fields or `invalid_ref_id`", body = ErrorBody),
    ))]
#[post("/posts/{id}/comments")]
pub async fn create_comment(
    state: web::Data<AppState>,
    user: ConfirmedUser,
    id: web::Path<PostId>,
    body: web::Json<CreateCommentRequest>,
) -> Result<HttpResponse> {
    let comment = service::create(&state, &user, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(comment))
}

/// Edit your own comment; it shows as edited from then on.
#[utoipa::path(tag = "comments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Comment id")),
    request_body = UpdateCommentRequest,
    responses(
        (status = 200, description = "The edited comment (without its replies)", body = Comment),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not your comment (`not_allowed`), or comments are off for its post (`comments_closed`)", body = ErrorBody),
        (status = 404, description = "No such comment (or it was deleted)", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
#[patch("/comments/{id}")]
pub async fn update_comment(
    state: web::Data<AppState>,
    user: ConfirmedUser,
    id: web::Path<CommentId>,
    body: web::Json<UpdateCommentRequest>,
) -> Result<HttpResponse> {
    let comment = service::update(&state, &user, *id, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(comment))
}

/// Delete a comment (its author or the post's author). Replies stay: a comment that has some
/// remains in the thread as a `deleted` placeholder without author or text.
#[utoipa::path(tag = "comments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Comment id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not allowed (`not_allowed`)", body = ErrorBody),
        (status = 404, description = "No such comment", body = ErrorBody),
    ))]
#[delete("/comments/{id}")]
pub async fn delete_comment(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<CommentId>,
) -> Result<HttpResponse> {
    service::delete(&state, &user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
