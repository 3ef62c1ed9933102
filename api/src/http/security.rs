//! The HTTP edge's defences, applied to every request before a handler runs: security headers on
//! every response, per-endpoint JSON body limits, and text with NUL characters refused in URLs
//! and JSON bodies (PostgreSQL cannot store U+0000, so the three databases must never see it).

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::JsonPayloadError;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use futures_util::StreamExt;

use crate::error::error_response;

/// The JSON body limit of endpoints that carry a few short fields (sign-in, reactions, profile):
/// a login needs a few hundred bytes.
pub const SMALL_JSON_BYTES: usize = 8 * 1024;
/// The JSON body limit of a post (100,000 characters of markdown, each up to 6 bytes escaped,
/// plus its title, link and tags).
pub const POST_JSON_BYTES: usize = 640 * 1024;
/// The JSON body limit of a comment (10,000 characters, each up to 6 bytes escaped).
pub const COMMENT_JSON_BYTES: usize = 128 * 1024;

/// The policy of the web app's pages: same-origin everything, and no framing (which a `<meta>`
/// policy cannot say). The app's shell adds the hashes of its own inline script and style
/// (`web_app::shell`), and sets the header itself.
pub const APP_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; \
    base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/// API responses are data, never documents to render.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";
/// Swagger UI styles itself inline.
const DOCS_CSP: &str = "default-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
/// Uploaded media is shown as images only; a file that claims to be something else runs nothing.
const MEDIA_CSP: &str = "default-src 'none'; img-src 'self'; frame-ancestors 'none'; sandbox";

/// Adds the security headers to every response (unless a handler set its own policy). HSTS is
/// sent when the public URL is https (`hsts`).
pub async fn headers(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let hsts = request
        .app_data::<web::Data<crate::state::AppState>>()
        .is_some_and(|state| state.settings.public_url.starts_with("https://"));
    let path = request.path().to_string();
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    let policy = if path.starts_with("/api/docs") {
        DOCS_CSP
    } else if path.starts_with("/api/") || path == "/metrics" || path.starts_with("/health") {
        API_CSP
    } else if path.starts_with("/media/") {
        MEDIA_CSP
    } else {
        APP_CSP
    };
    let defaults: [(HeaderName, &'static str); 5] = [
        (header::CONTENT_SECURITY_POLICY, policy),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    for (name, value) in defaults {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    Ok(response)
}

/// Refuses a request whose path, query or JSON body carries a NUL character (400
/// `invalid_characters`). The JSON body is read here (up to `max_body_bytes`; the endpoint's own
/// limit applies after) and handed on unchanged.
pub async fn refuse_nul(
    mut request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let refuse = |request: ServiceRequest, message: &str| {
        let response = error_response(StatusCode::BAD_REQUEST, "invalid_characters", message);
        Ok(request.into_response(response).map_into_right_body())
    };
    let uri = request.uri().to_string();
    if uri.contains("%00") || uri.contains('\0') {
        return refuse(request, "the URL must not contain NUL (%00) characters");
    }
    let is_json = request.content_type().ends_with("json")
        && !matches!(*request.method(), Method::GET | Method::HEAD);
    if is_json {
        let most = request
            .app_data::<web::Data<crate::state::AppState>>()
            .map_or(1024 * 1024, |state| state.settings.max_body_bytes);
        let limit = json_body_cap(request.path()).min(most);
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<usize>().ok());
        if declared.is_some_and(|length| length > limit) {
            return Ok(request
                .into_response(too_large(limit))
                .map_into_right_body());
        }
        let mut body = web::BytesMut::with_capacity(declared.unwrap_or(0).min(limit));
        let mut payload = request.take_payload();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk?;
            if body.len() + chunk.len() > limit {
                return Ok(request
                    .into_response(too_large(limit))
                    .map_into_right_body());
            }
            body.extend_from_slice(&chunk);
        }
        if contains_escaped_nul(&body) {
            return refuse(request, "text must not contain NUL (\\u0000) characters");
        }
        request.set_payload(Payload::from(body.freeze()));
    }
    Ok(next.call(request).await?.map_into_left_body())
}

fn too_large(limit: usize) -> actix_web::HttpResponse {
    error_response(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        &format!("the request body is larger than {limit} bytes"),
    )
}

/// The most a JSON body to `path` may carry, known before routing so that no request holds more
/// memory than its endpoint needs: posts and comments carry markdown, everything else a few
/// short fields. This table is the only place the limits are set: `refuse_nul` applies them to
/// every JSON body before routing, so the extractor's own limit is only the largest of them.
fn json_body_cap(path: &str) -> usize {
    if let Some(rest) = path.strip_prefix("/api/v1/comments/")
        && !rest.contains('/')
    {
        return COMMENT_JSON_BYTES;
    }
    match path.strip_prefix("/api/v1/posts") {
        Some(rest) if rest.ends_with("/comments") => COMMENT_JSON_BYTES,
        Some(rest) if rest.is_empty() || rest.starts_with('/') => POST_JSON_BYTES,
        _ => SMALL_JSON_BYTES,
    }
}

/// Whether JSON text holds `\u0000` as an escape (not as the literal text `\\u0000`).
fn contains_escaped_nul(json: &[u8]) -> bool {
    let needle = b"\\u0000";
    let mut start = 0;
    while let Some(found) = json[start..]
        .windows(needle.len())
        .position(|window| window == needle)
    {
        let at = start + found;
        let backslashes_before = json[..at]
            .iter()
            .rev()
            .take_while(|byte| **byte == b'\\')
            .count();
        if backslashes_before % 2 == 0 {
            return true;
        }
        start = at + 1;
    }
    false
}

/// The JSON extractor's settings: bodies over `limit` are a 413, and every failure has our error
/// shape.
pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .error_handler(move |error, _request| {
            let response = match &error {
                JsonPayloadError::Overflow { .. }
                | JsonPayloadError::OverflowKnownLength { .. } => error_response(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    &format!("the request body is larger than {limit} bytes"),
                ),
                JsonPayloadError::ContentType => error_response(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "send JSON with `Content-Type: application/json`",
                ),
                JsonPayloadError::Deserialize(inner) if inner.is_data() => error_response(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_body",
                    &format!("the JSON does not have the expected shape: {inner}"),
                ),
                other => error_response(
                    StatusCode::BAD_REQUEST,
                    "invalid_json",
                    &format!("the request body is not valid JSON: {other}"),
                ),
            };
            actix_web::error::InternalError::from_response(error, response).into()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_caps_follow_the_routes() {
        assert_eq!(json_body_cap("/api/v1/posts"), POST_JSON_BYTES);
        assert_eq!(json_body_cap("/api/v1/posts/12"), POST_JSON_BYTES);
        assert_eq!(
            json_body_cap("/api/v1/posts/12/comments"),
            COMMENT_JSON_BYTES
        );
        assert_eq!(json_body_cap("/api/v1/comments/40"), COMMENT_JSON_BYTES);
        assert_eq!(json_body_cap("/api/v1/comments/40/like"), SMALL_JSON_BYTES);
        assert_eq!(json_body_cap("/api/v1/auth/login"), SMALL_JSON_BYTES);
        assert_eq!(json_body_cap("/api/v1/postsX"), SMALL_JSON_BYTES);
    }

    #[test]
    fn escaped_nul_is_found_and_literal_text_is_not() {
        assert!(contains_escaped_nul(br#"{"a":"x\u0000y"}"#));
        assert!(contains_escaped_nul(br#"{"a":"\\\u0000"}"#));
        assert!(!contains_escaped_nul(br#"{"a":"\\u0000"}"#));
        assert!(!contains_escaped_nul(br#"{"a":"\u0001"}"#));
        assert!(!contains_escaped_nul(b""));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// The body scan finds a NUL exactly when the JSON text decodes to a string with one.
            #[test]
            fn escaped_nul_scan_matches_the_decoded_text(text in "(\\PC|\\\\|\u{0}|u0000){0,40}") {
                let json = serde_json::to_string(&text).unwrap_or_default();
                prop_assert_eq!(contains_escaped_nul(json.as_bytes()), text.contains('\0'));
            }
        }
    }
}
