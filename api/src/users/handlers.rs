//! `/me` and `/users/{key}`.

use actix_web::{HttpResponse, get, patch, web};
use utoipa_actix_web::service_config::ServiceConfig;

use super::dto::{Me, UpdateProfileRequest, UserProfile};
use super::service;
use crate::error::{ErrorBody, Result};
use crate::session::{AuthUser, MaybeAuthUser};
use crate::state::AppState;

/// Registers this module's handlers: each route is declared once, by its handler's attribute,
/// and registering it is what documents it.
pub fn router(config: &mut ServiceConfig) {
    config.service(get_me).service(update_me).service(get_user);
}

/// The signed-in account.
#[utoipa::path(tag = "users", security(("bearer" = [])),
    responses(
        (status = 200, description = "Your account", body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
#[get("/me")]
pub async fn get_me(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::me(&state, &user).await?))
}

/// Edit your profile; fields left out are unchanged.
#[utoipa::path(tag = "users", security(("bearer" = [])),
    request_body = UpdateProfileRequest,
    responses(
        (status = 200, description = "Updated account", body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
#[patch("/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<UpdateProfileRequest>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::update_me(&state, &user, body.into_inner()).await?))
}

/// A user's profile by id or name, with stats and whether you follow them.
#[utoipa::path(tag = "users",
    params(("key" = String, Path, description = "User id or name")),
    responses(
        (status = 200, description = "Profile", body = UserProfile),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
#[get("/users/{key}")]
pub async fn get_user(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    key: web::Path<String>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::profile(&state, viewer.id(), &key).await?))
}
