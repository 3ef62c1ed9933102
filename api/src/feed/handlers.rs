//! `GET /feed`.

use actix_web::{HttpResponse, web};

use super::service;
use crate::auth::AuthUser;
use crate::error::{ErrorBody, Result};
use crate::pagination::{Page, PageQuery};
use crate::posts::dto::PostCard;
use crate::state::AppState;

pub fn router(config: &mut web::ServiceConfig) {
    config.route("/feed", web::get().to(home_timeline));
}

/// Your home timeline: posts by the people you follow, blended with the hot pool (recent posts
/// past the like threshold), newest first, as post cards with your own flags. Pages neither
/// repeat nor skip posts while new ones arrive.
#[utoipa::path(get, path = "/api/v1/feed", tag = "feed", security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of post cards", body = Page<PostCard>),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn home_timeline(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::timeline(&state, &user, &query).await?))
}
