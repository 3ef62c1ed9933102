//! `/tags`: the most used tags (a tag's posts are a posts list, in `posts::handlers`).

use actix_web::{HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use super::dto::TagList;
use super::service;
use crate::error::Result;
use crate::state::AppState;

/// Registers this module's handlers: each route is declared once, by its handler's attribute,
/// and registering it is what documents it.
pub fn router(config: &mut ServiceConfig) {
    config.service(list_tags);
}

/// The 100 most used tags with their post counts.
#[utoipa::path(tag = "tags",
    responses((status = 200, description = "Tags, most used first", body = TagList)))]
#[get("/tags")]
pub async fn list_tags(state: web::Data<AppState>) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::popular(&state).await?))
}
