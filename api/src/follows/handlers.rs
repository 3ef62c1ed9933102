//! `/users/{id}/follow`, `/users/{id}/followers`, `/users/{id}/following`.

use actix_web::{HttpResponse, web};

use super::dto::FollowState;
use super::repo::Direction;
use super::service;
use crate::auth::{AuthUser, ConfirmedUser, MaybeAuthUser};
use crate::error::{ErrorBody, Result};
use crate::pagination::{Page, PageQuery};
use crate::state::AppState;
use crate::users::dto::UserCard;

pub fn router(config: &mut web::ServiceConfig) {
    config
        .route("/users/{id}/follow", web::put().to(follow_user))
        .route("/users/{id}/follow", web::delete().to(unfollow_user))
        .route("/users/{id}/followers", web::get().to(list_followers))
        .route("/users/{id}/following", web::get().to(list_following));
}

/// Follow a user (idempotent).
#[utoipa::path(put, path = "/api/v1/users/{id}/follow", tag = "follows", security(("bearer" = [])),
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 403, description = "Email address not confirmed yet (`email_unconfirmed`)", body = ErrorBody),
        (status = 200, description = "Now following", body = FollowState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 422, description = "Following yourself (`cannot_follow_self`)", body = ErrorBody),
    ))]
pub async fn follow_user(
    state: web::Data<AppState>,
    user: ConfirmedUser,
    id: web::Path<i64>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::follow(&state, &user, *id).await?))
}

/// Stop following a user (idempotent).
#[utoipa::path(delete, path = "/api/v1/users/{id}/follow", tag = "follows", security(("bearer" = [])),
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, description = "No longer following", body = FollowState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
pub async fn unfollow_user(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::unfollow(&state, &user, *id).await?))
}

/// People who follow a user, newest first.
#[utoipa::path(get, path = "/api/v1/users/{id}/followers", tag = "follows",
    params(("id" = i64, Path, description = "User id"), PageQuery),
    responses(
        (status = 200, description = "A page of users", body = Page<UserCard>),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
pub async fn list_followers(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    id: web::Path<i64>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse> {
    let page = service::list(&state, viewer.id(), *id, Direction::Followers, &query).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// People a user follows, newest first.
#[utoipa::path(get, path = "/api/v1/users/{id}/following", tag = "follows",
    params(("id" = i64, Path, description = "User id"), PageQuery),
    responses(
        (status = 200, description = "A page of users", body = Page<UserCard>),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
pub async fn list_following(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    id: web::Path<i64>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse> {
    let page = service::list(&state, viewer.id(), *id, Direction::Following, &query).await?;
    Ok(HttpResponse::Ok().json(page))
}
