//! `PUT`/`DELETE` on `/posts/{id}/like`, `/posts/{id}/collect` and `/comments/{id}/like`.

use actix_web::{HttpResponse, delete, put, web};
use utoipa_actix_web::service_config::ServiceConfig;

use super::dto::ReactionState;
use super::service::set_reaction;
use crate::domain::ids::{CommentId, PostId};
use crate::domain::targets::{Reaction, Target};
use crate::error::{ErrorBody, Result};
use crate::session::AuthUser;
use crate::state::AppState;

/// Registers this module's handlers: each route is declared once, by its handler's attribute,
/// and registering it is what documents it.
pub fn router(config: &mut ServiceConfig) {
    config
        .service(like_post)
        .service(unlike_post)
        .service(collect_post)
        .service(uncollect_post)
        .service(like_comment)
        .service(unlike_comment);
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
#[utoipa::path(tag = "reactions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 200, description = "Liked; the new like count", body = ReactionState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
#[put("/posts/{id}/like")]
pub async fn like_post(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<PostId>,
) -> Result<HttpResponse> {
    respond(&state, &user, Reaction::Like, Target::post(id.get()), true).await
}

/// Remove your like from a post (idempotent).
#[utoipa::path(tag = "reactions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 200, description = "Not liked; the new like count", body = ReactionState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
#[delete("/posts/{id}/like")]
pub async fn unlike_post(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<PostId>,
) -> Result<HttpResponse> {
    respond(&state, &user, Reaction::Like, Target::post(id.get()), false).await
}

/// Collect (bookmark) a post (idempotent).
#[utoipa::path(tag = "reactions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 200, description = "Collected; the new collect count", body = ReactionState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
#[put("/posts/{id}/collect")]
pub async fn collect_post(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<PostId>,
) -> Result<HttpResponse> {
    respond(
        &state,
        &user,
        Reaction::Collect,
        Target::post(id.get()),
        true,
    )
    .await
}

/// Remove a post from your collection (idempotent).
#[utoipa::path(tag = "reactions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 200, description = "Not collected; the new collect count", body = ReactionState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
#[delete("/posts/{id}/collect")]
pub async fn uncollect_post(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<PostId>,
) -> Result<HttpResponse> {
    respond(
        &state,
        &user,
        Reaction::Collect,
        Target::post(id.get()),
        false,
    )
    .await
}

/// Like a comment (idempotent).
#[utoipa::path(tag = "reactions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Comment id")),
    responses(
        (status = 200, description = "Liked; the new like count", body = ReactionState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such comment", body = ErrorBody),
    ))]
#[put("/comments/{id}/like")]
pub async fn like_comment(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<CommentId>,
) -> Result<HttpResponse> {
    respond(
        &state,
        &user,
        Reaction::Like,
        Target::comment(id.get()),
        true,
    )
    .await
}

/// Remove your like from a comment (idempotent).
#[utoipa::path(tag = "reactions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Comment id")),
    responses(
        (status = 200, description = "Not liked; the new like count", body = ReactionState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such comment", body = ErrorBody),
    ))]
#[delete("/comments/{id}/like")]
pub async fn unlike_comment(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<CommentId>,
) -> Result<HttpResponse> {
    respond(
        &state,
        &user,
        Reaction::Like,
        Target::comment(id.get()),
        false,
    )
    .await
}
