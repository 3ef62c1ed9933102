//! The request-id middleware: every request gets a fresh id, runs inside a span carrying it, is
//! counted in the metrics by route, and answers with the id so a client can quote it.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Gives every request a fresh id, runs it inside a span carrying that id, and returns the id
/// in `x-request-id` so a client can quote it when something failed.
pub async fn request_id(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    let started = std::time::Instant::now();
    let method = request.method().to_string();
    let metrics = request
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map(|state| state.metrics.clone());
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %request.path()
    );
    let mut response = next.call(request).instrument(span.clone()).await?;
    let status = response.status();
    if let Some(metrics) = metrics {
        // The route pattern, not the path, so ids do not explode the label set.
        let route = response
            .request()
            .match_pattern()
            .unwrap_or_else(|| "unmatched".into());
        metrics.observe_request(
            &method,
            &route,
            status.as_u16(),
            started.elapsed().as_secs_f64(),
        );
    }
    span.in_scope(|| {
        if status.is_server_error() {
            tracing::warn!(status = status.as_u16(), "response");
        } else {
            tracing::debug!(status = status.as_u16(), "response");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response
            .headers_mut()
            .insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    Ok(response)
}
