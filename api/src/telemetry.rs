//! Logging set-up and the request-id middleware that ties a response to its log lines.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;
use tracing_subscriber::EnvFilter;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    // A second call (tests start many apps in one process) is a harmless no-op.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

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
