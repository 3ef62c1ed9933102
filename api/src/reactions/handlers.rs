//! `PUT`/`DELETE` on `/posts/{id}/like`, `/posts/{id}/collect` and `/comments/{id}/like`.

use actix_web::{HttpResponse, web};

use super::dto::ReactionState;
use super::service::set_reaction;
use super::target::{Reaction, Target};
use crate::auth::AuthUser;
use crate::error::{ErrorBody, Result};
use crate::state::AppState;

pub fn router(config: &mut web::ServiceConfig) {
    config
        .route("/posts/{id}/like", web::put().to(like_post))
        .route("/posts/{id}/like", web::delete().to(unlike_post))
        .route("/posts/{id}/collect", web::put().to(collect_post))
        .route("/posts/{id}/collect", web::delete().to(uncollect_post))
        .route("/comments/{id}/like", web::put().to(like_comment))
        .route("/comments/{id}/like", web::delete().to(unlike_comment));
}

async fn respond(
    state: &AppState,
    user: &AuthUser,
    reaction: Reaction,
    target: Target,
    active: bool,
) -> Result<HttpResponse> {
    let result = set_reaction(state, user, reaction, target, active).await?;
    Ok(HttpResponse::Ok().json(result))
}

/// Like a post (idempotent).
#[utoipa::path(put, path = "/api/v1/posts/{id}/like", tag = "reactions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 200, description = "Liked; the new like count", body = ReactionState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
pub async fn like_post(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse> {
    respond(&state, &user, Reaction::Like, Target::post(*id), true).await
}

/// Remove your like from a post (idempotent).
#[utoipa::path(delete, path = "/api/v1/posts/{id}/like", tag = "reactions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 200, description = "Not liked; the new like count", body = ReactionState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
pub async fn unlike_post(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse> {
    respond(&state, &user, Reaction::Like, Target::post(*id), false).await
}

/// Collect (bookmark) a post (idempotent).
#[utoipa::path(put, path = "/api/v1/posts/{id}/collect", tag = "reactions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 200, description = "Collected; the new collect count", body = ReactionState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
pub async fn collect_post(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse> {
    respond(&state, &user, Reaction::Collect, Target::post(*id), true).await
}

/// Remove a post from your collection (idempotent).
#[utoipa::path(delete, path = "/api/v1/posts/{id}/collect", tag = "reactions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 200, description = "Not collected; the new collect count", body = ReactionState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
pub async fn uncollect_post(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse> {
    respond(&state, &user, Reaction::Collect, Target::post(*id), false).await
}

/// Like a comment (idempotent).
#[utoipa::path(put, path = "/api/v1/comments/{id}/like", tag = "reactions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Comment id")),
    responses(
        (status = 200, description = "Liked; the new like count", body = ReactionState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such comment", body = ErrorBody),
    ))]
pub async fn like_comment(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse> {
    respond(&state, &user, Reaction::Like, Target::comment(*id), true).await
}

/// Remove your like from a comment (idempotent).
#[utoipa::path(delete, path = "/api/v1/comments/{id}/like", tag = "reactions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Comment id")),
    responses(
        (status = 200, description = "Not liked; the new like count", body = ReactionState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such comment", body = ErrorBody),
    ))]
pub async fn unlike_comment(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse> {
    respond(&state, &user, Reaction::Like, Target::comment(*id), false).await
}
