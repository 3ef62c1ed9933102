//! The versioned API's routes and the OpenAPI document, from one source: each feature's
//! `router` registers its handlers, and registering a handler (with its route attribute and
//! `#[utoipa::path]`) is what documents it — there is no second list of paths to forget.

use std::sync::LazyLock;

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::http::health;
use crate::{
    auth, avatars, comments, crawl, feed, follows, moderation, notifications, posts, reactions,
    search, syndication, tags, users,
};

/// Every route under `/api/v1`.
pub fn api_routes(config: &mut ServiceConfig) {
    config
        .service(health::health)
        .configure(auth::handlers::router)
        .configure(auth::oauth::handlers::router)
        .configure(users::handlers::router)
        .configure(avatars::handlers::router)
        .configure(crawl::handlers::router)
        .configure(posts::handlers::router)
        .configure(comments::handlers::router)
        .configure(reactions::handlers::router)
        .configure(follows::handlers::router)
        .configure(tags::handlers::router)
        .configure(feed::handlers::router)
        .configure(search::handlers::router)
        .configure(syndication::handlers::router)
        .configure(notifications::handlers::router)
        .configure(moderation::handlers::router);
}

/// The document, collected from the registered routes once per process.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(|| {
        let (_, mut document) = actix_web::App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .service(utoipa_actix_web::scope("/api/v1").configure(api_routes))
            .split_for_parts();
        // After the paths are in: it adds the responses every operation of a kind can give.
        CommonErrors.modify(&mut document);
        document
    });
    &DOCUMENT
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tidings API",
        description = "Share links and write-ups, comment, like, collect and follow. \
            Errors always have the shape `{\"error\":{\"code\":\"…\",\"message\":\"…\",\"fields\":{…}}}`; \
            every response carries an `x-request-id` header.",
        license(name = "MIT")
    ),
    // Types used only inside query parameters are not collected automatically.
    components(schemas(
        posts::dto::PostSort,
        crate::read_model::threads::CommentSort,
        moderation::dto::QueueFilter,
        moderation::dto::QueueSort,
        crate::domain::moderation::ModerationAction,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "health"), (name = "auth"), (name = "users"), (name = "posts"),
        (name = "comments"), (name = "reactions"), (name = "follows"), (name = "tags"),
        (name = "feed"), (name = "search"), (name = "feeds"), (name = "syndication"),
        (name = "notifications"), (name = "moderation"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".into());
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// Responses every operation of a kind can give, added in one place rather than on each handler:
/// malformed or oversized bodies, bad query strings, missing tokens, unknown routes and ids.
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            // (the operation, whether it writes)
            let operations = [
                (item.get.as_mut(), false),
                (item.post.as_mut(), true),
                (item.put.as_mut(), true),
                (item.patch.as_mut(), true),
                (item.delete.as_mut(), true),
            ];
            for (operation, writes) in operations {
                let Some(operation) = operation else { continue };
                let has_body = operation.request_body.is_some();
                let has_query = operation.parameters.iter().flatten().any(|parameter| {
                    matches!(
                        parameter.parameter_in,
                        utoipa::openapi::path::ParameterIn::Query
                    )
                });
                let has_path = operation.parameters.iter().flatten().any(|parameter| {
                    matches!(
                        parameter.parameter_in,
                        utoipa::openapi::path::ParameterIn::Path
                    )
                });
                let signed_in = operation
                    .security
                    .as_ref()
                    .is_some_and(|security| !security.is_empty());
                let mut add = |status: &str, description: &str| {
                    operation
                        .responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| error(description).into());
                };
                if has_body {
                    add(
                        "400",
                        "The body is not valid JSON (`invalid_json`) or holds a NUL character (`invalid_characters`)",
                    );
                    add(
                        "413",
                        "The body is larger than the limit (`payload_too_large`)",
                    );
                    add(
                        "415",
                        "The body is not `application/json` (`unsupported_media_type`)",
                    );
                    add(
                        "422",
                        "Invalid fields (`validation_failed`, `invalid_body`), with per-field messages",
                    );
                }
                if has_query {
                    add(
                        "400",
                        "Bad query string or cursor, or a NUL character (`invalid_query`, `invalid_cursor`, `invalid_characters`)",
                    );
                    add("422", "Limit out of range (`invalid_limit`)");
                }
                if has_path {
                    add("404", "No such resource (`not_found`)");
                }
                // Any URL (or JSON body) with a NUL character is refused before routing.
                add("400", "A NUL character in the URL (`invalid_characters`)");
                if signed_in && writes {
                    add(
                        "403",
                        "Your account is banned (`banned`, with `until` and `reason` in `fields`)",
                    );
                }
                if signed_in {
                    add(
                        "401",
                        "Missing, invalid or expired access token, or its session was signed out (`missing_token`, `invalid_token`, `token_expired`, `session_revoked`)",
                    );
                }
            }
        }
    }
}

/// The document as committed in `openapi/openapi.json`.
pub fn json() -> String {
    let mut text = document()
        .to_pretty_json()
        .unwrap_or_else(|error| format!("{{\"error\":\"{error}\"}}"));
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `$ref` names a schema the document defines (a type used only in a query parameter
    /// must be listed in `components`, or clients' generators fail on the document).
    #[test]
    fn every_reference_resolves() {
        let document: serde_json::Value =
            serde_json::from_str(&json()).unwrap_or(serde_json::Value::Null);
        let schemas = &document["components"]["schemas"];
        let mut missing = Vec::new();
        let mut stack = vec![&document];
        while let Some(value) = stack.pop() {
            match value {
                serde_json::Value::Object(map) => {
                    if let Some(serde_json::Value::String(target)) = map.get("$ref")
                        && let Some(name) = target.strip_prefix("#/components/schemas/")
                        && schemas.get(name).is_none()
                    {
                        missing.push(name.to_string());
                    }
                    stack.extend(map.values());
                }
                serde_json::Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
        assert!(
            missing.is_empty(),
            "unresolved schema references: {missing:?}"
        );
        assert!(schemas.get("CommentSort").is_some());
    }
}
