//! The HTTP edge shared by every feature: security headers and body limits, health and
//! readiness.

pub mod health;
pub mod rate_limit;
pub mod request_id;
pub mod security;

use actix_web::HttpResponse;
use actix_web::http::header::ContentType;

use crate::error::Result;
use crate::read_model::cards::CardPage;

/// A page of cards as the JSON body of a 200, spliced from prepared cards rather than
/// serialized card by card.
pub fn cards(page: &CardPage) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(page.to_json()?))
}
