//! The OpenAPI document, generated from the handlers' annotations.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{auth, comments, feed, follows, health, posts, reactions, tags, users};

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
        users::handlers::get_me,
        users::handlers::update_me,
        users::handlers::get_user,
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
    ),
    // Types used only inside query parameters are not collected automatically.
    components(schemas(posts::dto::PostSort)),
    modifiers(&BearerAuth),
    tags(
        (name = "health"), (name = "auth"), (name = "users"), (name = "posts"),
        (name = "comments"), (name = "reactions"), (name = "follows"), (name = "tags"),
        (name = "feed"),
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

/// The document as committed in `openapi/openapi.json`.
pub fn json() -> String {
    let mut text = ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|error| format!("{{\"error\":\"{error}\"}}"));
    text.push('\n');
    text
}
