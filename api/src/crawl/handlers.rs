//! `/me/feeds`: the signed-in user's feed sources.

use actix_web::{HttpResponse, delete, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

use super::dto::{CreateFeedSourceRequest, FeedSource, FeedSourceList};
use super::service;
use crate::domain::ids::FeedSourceId;
use crate::error::{ErrorBody, Result};
use crate::session::AuthUser;
use crate::state::AppState;

/// Registers this module's handlers: each route is declared once, by its handler's attribute,
/// and registering it is what documents it.
pub fn router(config: &mut ServiceConfig) {
    config
        .service(list_feed_sources)
        .service(add_feed_source)
        .service(delete_feed_source)
        .service(refresh_feed_source);
}

/// Your feed sources, with the state of their last poll.
#[utoipa::path(tag = "feeds", security(("bearer" = [])),
    responses(
        (status = 200, description = "Your feed sources", body = FeedSourceList),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
#[get("/me/feeds")]
pub async fn list_feed_sources(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state, &user).await?))
}

/// Import an RSS 2.0, Atom 1.0 or JSON Feed as your posts. The first poll starts right away,
/// then the feed is polled on a schedule; new entries become posts with the entry's title,
/// link, text, date and categories as tags.
#[utoipa::path(tag = "feeds", security(("bearer" = [])),
    request_body = CreateFeedSourceRequest,
    responses(
        (status = 201, description = "Registered; the first poll is queued", body = FeedSource),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Email address not confirmed yet (`email_unconfirmed`)", body = ErrorBody),
        (status = 409, description = "You already import this feed (`feed_exists`)", body = ErrorBody),
        (status = 422, description = "Not an http(s) address, or too many feeds (`too_many_feeds`)", body = ErrorBody),
    ))]
#[post("/me/feeds")]
pub async fn add_feed_source(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<CreateFeedSourceRequest>,
) -> Result<HttpResponse> {
    let source = service::add(&state, &user, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(source))
}

/// Stop importing a feed. Posts already imported stay.
#[utoipa::path(tag = "feeds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Feed source id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such feed source of yours", body = ErrorBody),
    ))]
#[delete("/me/feeds/{id}")]
pub async fn delete_feed_source(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<FeedSourceId>,
) -> Result<HttpResponse> {
    service::delete(&state, &user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Poll a feed now instead of waiting for its next scheduled poll.
#[utoipa::path(tag = "feeds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Feed source id")),
    responses(
        (status = 202, description = "A poll is queued; the source as it is now", body = FeedSource),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such feed source of yours", body = ErrorBody),
    ))]
#[post("/me/feeds/{id}/refresh")]
pub async fn refresh_feed_source(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<FeedSourceId>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Accepted().json(service::refresh(&state, &user, *id).await?))
}
