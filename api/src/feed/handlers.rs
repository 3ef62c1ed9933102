//! `GET /feed`.

use actix_web::{HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use super::service;
use crate::db::pagination::{Page, PageQuery};
use crate::error::{ErrorBody, Result};
use crate::read_model::cards::PostCard;
use crate::session::AuthUser;
use crate::state::AppState;

/// Registers this module's handlers: each route is declared once, by its handler's attribute,
/// and registering it is what documents it.
pub fn router(config: &mut ServiceConfig) {
    config.service(home_timeline);
}

/// Your home timeline: posts by the people you follow, blended with the hot pool (recent posts
/// past the like threshold), newest first, as post cards with your own flags. Pages neither
/// repeat nor skip posts while new ones arrive.
#[utoipa::path(tag = "feed", security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of post cards", body = Page<PostCard>),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
#[get("/feed")]
pub async fn home_timeline(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse> {
    crate::http::cards(&service::timeline(&state, &user, &query).await?)
}
