//! `GET /search`.

use actix_web::{HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use super::service::{self, SearchQuery, SearchResult};
use crate::db::pagination::Page;
use crate::error::{ErrorBody, Result};
use crate::session::MaybeAuthUser;
use crate::state::AppState;

/// Registers this module's handlers: each route is declared once, by its handler's attribute,
/// and registering it is what documents it.
pub fn router(config: &mut ServiceConfig) {
    config.service(search);
}

/// Full-text search over posts: titles weigh most, then tags, then text (title^10, tags^5,
/// content^2); Chinese is searchable as well as English. Results are post cards (with your
/// own flags when signed in) plus highlighted fragments.
#[utoipa::path(tag = "search",
    params(SearchQuery),
    responses(
        (status = 200, description = "A page of results, best first", body = Page<SearchResult>),
        (status = 400, description = "Bad cursor (`invalid_cursor`)", body = ErrorBody),
        (status = 422, description = "Empty or too long query (`empty_query`, `query_too_long`), bad limit", body = ErrorBody),
        (status = 503, description = "The search backend is unavailable", body = ErrorBody),
    ))]
#[get("/search")]
pub async fn search(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse> {
    let page = service::search(&state, viewer.id(), query.into_inner()).await?;
    Ok(HttpResponse::Ok().json(page))
}
