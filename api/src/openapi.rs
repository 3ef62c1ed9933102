//! The OpenAPI document, generated from the handlers' annotations.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{
    auth, avatars, comments, crawl, feed, follows, health, posts, reactions, search, tags, users,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tidings API",
        description = "Share links and write-ups, comment, like, collect and follow. \
            Errors always have the shape `{\"error\":{\"code\":\"…\",\"message\":\"…\",\"fields\":{…}}}`; \
            every response carries an `x-request-id` header.",
        license(name = "MIT")
    ),
    paths(
        health::health,
        auth::handlers::register,
        auth::handlers::login,
        auth::handlers::refresh,
        auth::handlers::logout,
        auth::handlers::change_password,
        auth::handlers::confirm_email,
        auth::handlers::resend_confirmation,
        auth::handlers::forgot_password,
        auth::handlers::reset_password,
        auth::oauth::handlers::list_providers,
        auth::oauth::handlers::start,
        auth::oauth::handlers::start_redirect,
        auth::oauth::handlers::callback,
        auth::oauth::handlers::exchange_code,
        auth::oauth::handlers::list_identities,
        auth::oauth::handlers::unlink_identity,
        users::handlers::get_me,
        users::handlers::update_me,
        users::handlers::get_user,
        avatars::handlers::upload_avatar,
        avatars::handlers::delete_avatar,
        posts::handlers::create_post,
        posts::handlers::list_posts,
        posts::handlers::get_post,
        posts::handlers::update_post,
        posts::handlers::delete_post,
        posts::handlers::list_user_posts,
        posts::handlers::list_user_likes,
        posts::handlers::list_user_collects,
        comments::handlers::list_comments,
        comments::handlers::create_comment,
        comments::handlers::delete_comment,
        reactions::handlers::like_post,
        reactions::handlers::unlike_post,
        reactions::handlers::collect_post,
        reactions::handlers::uncollect_post,
        reactions::handlers::like_comment,
        reactions::handlers::unlike_comment,
        follows::handlers::follow_user,
        follows::handlers::unfollow_user,
        follows::handlers::list_followers,
        follows::handlers::list_following,
        tags::handlers::list_tags,
        tags::handlers::list_tag_posts,
        feed::handlers::home_timeline,
        search::handlers::search,
        crawl::handlers::list_feed_sources,
        crawl::handlers::add_feed_source,
        crawl::handlers::delete_feed_source,
        crawl::handlers::refresh_feed_source,
    ),
    // Types used only inside query parameters are not collected automatically.
    components(schemas(posts::dto::PostSort)),
    modifiers(&BearerAuth, &CommonErrors),
    tags(
        (name = "health"), (name = "auth"), (name = "users"), (name = "posts"),
        (name = "comments"), (name = "reactions"), (name = "follows"), (name = "tags"),
        (name = "feed"), (name = "search"), (name = "feeds"),
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
            let operations = [
                item.get.as_mut(),
                item.post.as_mut(),
                item.put.as_mut(),
                item.patch.as_mut(),
                item.delete.as_mut(),
            ];
            for operation in operations.into_iter().flatten() {
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
    let mut text = ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|error| format!("{{\"error\":\"{error}\"}}"));
    text.push('\n');
    text
}
