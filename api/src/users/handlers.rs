//! `/me` and `/users/{key}`.

use actix_web::{HttpResponse, web};

use super::dto::{Me, UpdateProfileRequest, UserProfile};
use super::service;
use crate::auth::{AuthUser, MaybeAuthUser};
use crate::error::{ErrorBody, Result};
use crate::state::AppState;

pub fn router(config: &mut web::ServiceConfig) {
    config
        .route("/me", web::get().to(get_me))
        .route("/me", web::patch().to(update_me))
        .route("/users/{key}", web::get().to(get_user));
}

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "users", security(("bearer" = [])),
    responses(
        (status = 200, description = "Your account", body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn get_me(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::me(&state, &user).await?))
}

/// Edit your profile; fields left out are unchanged.
#[utoipa::path(patch, path = "/api/v1/me", tag = "users", security(("bearer" = [])),
    request_body = UpdateProfileRequest,
    responses(
        (status = 200, description = "Updated account", body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn update_me(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<UpdateProfileRequest>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::update_me(&state, &user, body.into_inner()).await?))
}

/// A user's profile by id or name, with stats and whether you follow them.
#[utoipa::path(get, path = "/api/v1/users/{key}", tag = "users",
    params(("key" = String, Path, description = "User id or name")),
    responses(
        (status = 200, description = "Profile", body = UserProfile),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
pub async fn get_user(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    key: web::Path<String>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::profile(&state, viewer.id(), &key).await?))
}
