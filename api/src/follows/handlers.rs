//! `/users/{key}/follow`, `/users/{key}/followers`, `/users/{key}/following`.

use actix_web::{HttpResponse, delete, get, put, web};
use utoipa_actix_web::service_config::ServiceConfig;

use super::dto::FollowState;
use super::repo::Direction;
use super::service;
use crate::db::pagination::{Page, PageQuery};
use crate::error::{ErrorBody, Result};
use crate::session::{AuthUser, ConfirmedUser, MaybeAuthUser};
use crate::state::AppState;
use crate::users::dto::UserCard;
use crate::users::extract::UserPath;

/// Registers this module's handlers: each route is declared once, by its handler's attribute,
/// and registering it is what documents it.
pub fn router(config: &mut ServiceConfig) {
    config
        .service(follow_user)
        .service(unfollow_user)
        .service(list_followers)
        .service(list_following);
}

/// Follow a user (idempotent).
#[utoipa::path(tag = "follows", security(("bearer" = [])),
    params(("key" = String, Path, description = "User name or id")),
    responses(
        (status = 403, description = "Email address not confirmed yet (`email_unconfirmed`)", body = ErrorBody),
        (status = 200, description = "Now following", body = FollowState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 422, description = "Following yourself (`cannot_follow_self`)", body = ErrorBody),
    ))]
#[put("/users/{key}/follow")]
pub async fn follow_user(
    state: web::Data<AppState>,
    user: ConfirmedUser,
    target: UserPath,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::follow(&state, &user, target.0).await?))
}

/// Stop following a user (idempotent).
#[utoipa::path(tag = "follows", security(("bearer" = [])),
    params(("key" = String, Path, description = "User name or id")),
    responses(
        (status = 200, description = "No longer following", body = FollowState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
#[delete("/users/{key}/follow")]
pub async fn unfollow_user(
    state: web::Data<AppState>,
    user: AuthUser,
    target: UserPath,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::unfollow(&state, &user, target.0).await?))
}

/// People who follow a user, newest first.
#[utoipa::path(tag = "follows",
    params(("key" = String, Path, description = "User name or id"), PageQuery),
    responses(
        (status = 200, description = "A page of users", body = Page<UserCard>),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
#[get("/users/{key}/followers")]
pub async fn list_followers(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    target: UserPath,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse> {
    let page = service::list(&state, viewer.id(), target.0, Direction::Followers, &query).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// People a user follows, newest first.
#[utoipa::path(tag = "follows",
    params(("key" = String, Path, description = "User name or id"), PageQuery),
    responses(
        (status = 200, description = "A page of users", body = Page<UserCard>),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
#[get("/users/{key}/following")]
pub async fn list_following(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    target: UserPath,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse> {
    let page = service::list(&state, viewer.id(), target.0, Direction::Following, &query).await?;
    Ok(HttpResponse::Ok().json(page))
}
