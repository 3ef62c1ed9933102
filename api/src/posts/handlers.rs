//! `/posts`, `/posts/{id}`, `/users/{id}/posts|likes|collects`.

use actix_web::{HttpResponse, web};

use super::dto::{CreatePostRequest, ListPostsQuery, PostCard, PostDetail, UpdatePostRequest};
use super::service;
use crate::auth::{AuthUser, MaybeAuthUser};
use crate::error::{ErrorBody, Result};
use crate::pagination::{Page, PageQuery};
use crate::reactions::target::Reaction;
use crate::security::{POST_JSON_BYTES, with_json_limit};
use crate::state::AppState;
use actix_web::http::Method;

pub fn router(config: &mut web::ServiceConfig) {
    config
        .service(with_json_limit(
            "/posts",
            Method::POST,
            web::post().to(create_post),
            POST_JSON_BYTES,
        ))
        .route("/posts", web::get().to(list_posts))
        .route("/posts/{id}", web::get().to(get_post))
        .service(with_json_limit(
            "/posts/{id}",
            Method::PATCH,
            web::patch().to(update_post),
            POST_JSON_BYTES,
        ))
        .route("/posts/{id}", web::delete().to(delete_post))
        .route("/users/{id}/posts", web::get().to(list_user_posts))
        .route("/users/{id}/likes", web::get().to(list_user_likes))
        .route("/users/{id}/collects", web::get().to(list_user_collects));
}

/// Publish a post.
#[utoipa::path(post, path = "/api/v1/posts", tag = "posts", security(("bearer" = [])),
    request_body = CreatePostRequest,
    responses(
        (status = 403, description = "Email address not confirmed yet (`email_unconfirmed`)", body = ErrorBody),
        (status = 201, description = "Published", body = PostDetail),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 413, description = "Body over the size limit", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn create_post(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<CreatePostRequest>,
) -> Result<HttpResponse> {
    let post = service::create(&state, &user, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(post))
}

/// A post with its markdown and rendered, sanitized HTML.
#[utoipa::path(get, path = "/api/v1/posts/{id}", tag = "posts",
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 200, description = "The post", body = PostDetail),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
pub async fn get_post(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state, viewer.id(), *id).await?))
}

/// Edit your post; fields left out are unchanged.
#[utoipa::path(patch, path = "/api/v1/posts/{id}", tag = "posts", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    request_body = UpdatePostRequest,
    responses(
        (status = 200, description = "The edited post", body = PostDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not your post (`not_author`)", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn update_post(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<UpdatePostRequest>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::update(&state, &user, *id, body.into_inner()).await?))
}

/// Delete your post with its comments, likes, collects and tag links.
#[utoipa::path(delete, path = "/api/v1/posts/{id}", tag = "posts", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not your post (`not_author`)", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
pub async fn delete_post(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse> {
    service::delete(&state, &user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Posts, newest first (optionally by tag and/or author), or hottest first (`sort=hot`,
/// optionally by tag; ranked by the search backend).
#[utoipa::path(get, path = "/api/v1/posts", tag = "posts",
    params(ListPostsQuery),
    responses(
        (status = 200, description = "A page of post cards", body = Page<PostCard>),
        (status = 400, description = "Bad query or cursor (`invalid_query`, `invalid_cursor`)", body = ErrorBody),
        (status = 404, description = "Unknown author", body = ErrorBody),
        (status = 422, description = "`sort=hot` with `author` (`unsupported_filter`), bad limit", body = ErrorBody),
        (status = 503, description = "`sort=hot` while the search backend is unavailable", body = ErrorBody),
    ))]
pub async fn list_posts(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    query: web::Query<ListPostsQuery>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state, viewer.id(), query.into_inner()).await?))
}

/// A user's posts, newest first.
#[utoipa::path(get, path = "/api/v1/users/{id}/posts", tag = "users",
    params(("id" = i64, Path, description = "User id"), PageQuery),
    responses(
        (status = 200, description = "A page of post cards", body = Page<PostCard>),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
pub async fn list_user_posts(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    id: web::Path<i64>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse> {
    let query = query.into_inner();
    let list = ListPostsQuery {
        sort: None,
        tag: None,
        author: Some(id.to_string()),
        cursor: query.cursor,
        limit: query.limit,
    };
    Ok(HttpResponse::Ok().json(service::list(&state, viewer.id(), list).await?))
}

/// Posts a user liked, most recent like first.
#[utoipa::path(get, path = "/api/v1/users/{id}/likes", tag = "users",
    params(("id" = i64, Path, description = "User id"), PageQuery),
    responses(
        (status = 200, description = "A page of post cards", body = Page<PostCard>),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
pub async fn list_user_likes(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    id: web::Path<i64>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse> {
    let page = service::list_reacted(&state, viewer.id(), *id, Reaction::Like, &query).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Posts a user collected, most recent first.
#[utoipa::path(get, path = "/api/v1/users/{id}/collects", tag = "users",
    params(("id" = i64, Path, description = "User id"), PageQuery),
    responses(
        (status = 200, description = "A page of post cards", body = Page<PostCard>),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
pub async fn list_user_collects(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    id: web::Path<i64>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse> {
    let page = service::list_reacted(&state, viewer.id(), *id, Reaction::Collect, &query).await?;
    Ok(HttpResponse::Ok().json(page))
}
