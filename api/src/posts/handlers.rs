//! `/posts`, `/posts/{id}`, `/tags/{name}/posts`, `/users/{key}/posts|likes|collects`.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

use super::dto::{
    CreatePostRequest, ListPostsQuery, PostDetail, PostSort, TagPostsQuery, UpdatePostRequest,
};
use super::service;
use crate::db::pagination::{Page, PageQuery};
use crate::domain::ids::PostId;
use crate::domain::targets::Reaction;
use crate::error::{AppError, ErrorBody, Result};
use crate::http;
use crate::read_model::cards::PostCard;
use crate::search::service as search_service;
use crate::session::{AuthUser, MaybeAuthUser};
use crate::state::AppState;
use crate::users::extract::UserPath;

/// Registers this module's handlers: each route is declared once, by its handler's attribute,
/// and registering it is what documents it.
pub fn router(config: &mut ServiceConfig) {
    config
        .service(create_post)
        .service(list_posts)
        .service(get_post)
        .service(update_post)
        .service(delete_post)
        .service(list_tag_posts)
        .service(list_user_posts)
        .service(list_user_likes)
        .service(list_user_collects);
}

/// Publish a post.
#[utoipa::path(tag = "posts", security(("bearer" = [])),
    request_body = CreatePostRequest,
    responses(
        (status = 403, description = "Email address not confirmed yet (`email_unconfirmed`)", body = ErrorBody),
        (status = 201, description = "Published", body = PostDetail),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 413, description = "Body over the size limit", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
#[post("/posts")]
pub async fn create_post(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<CreatePostRequest>,
) -> Result<HttpResponse> {
    let post = service::create(&state, &user, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(post))
}

/// A post with its markdown and rendered, sanitized HTML.
#[utoipa::path(tag = "posts",
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 200, description = "The post", body = PostDetail),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
#[get("/posts/{id}")]
pub async fn get_post(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    id: web::Path<PostId>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok()
        .content_type(actix_web::http::header::ContentType::json())
        .body(service::get_json(&state, viewer.id(), *id).await?))
}

/// Edit your post; fields left out are unchanged.
#[utoipa::path(tag = "posts", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    request_body = UpdatePostRequest,
    responses(
        (status = 200, description = "The edited post", body = PostDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not your post (`not_author`)", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
#[patch("/posts/{id}")]
pub async fn update_post(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<PostId>,
    body: web::Json<UpdatePostRequest>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::update(&state, &user, *id, body.into_inner()).await?))
}

/// Delete your post with its comments, likes, collects and tag links.
#[utoipa::path(tag = "posts", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not your post (`not_author`)", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
#[delete("/posts/{id}")]
pub async fn delete_post(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<PostId>,
) -> Result<HttpResponse> {
    service::delete(&state, &user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Posts, newest first (optionally by tag and/or author), or hottest first (`sort=hot`,
/// optionally by tag; ranked by the search backend).
#[utoipa::path(tag = "posts",
    params(ListPostsQuery),
    responses(
        (status = 200, description = "A page of post cards", body = Page<PostCard>),
        (status = 400, description = "Bad query or cursor (`invalid_query`, `invalid_cursor`)", body = ErrorBody),
        (status = 404, description = "Unknown author", body = ErrorBody),
        (status = 422, description = "`sort=hot` with `author` (`unsupported_filter`), bad limit", body = ErrorBody),
        (status = 503, description = "`sort=hot` while the search backend is unavailable", body = ErrorBody),
    ))]
#[get("/posts")]
pub async fn list_posts(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    query: web::Query<ListPostsQuery>,
) -> Result<HttpResponse> {
    http::cards(&service::list(&state, viewer.id(), query.into_inner()).await?)
}

/// A user's posts, newest first.
#[utoipa::path(tag = "users",
    params(("key" = String, Path, description = "User name or id"), PageQuery),
    responses(
        (status = 200, description = "A page of post cards", body = Page<PostCard>),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
#[get("/users/{key}/posts")]
pub async fn list_user_posts(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    author: UserPath,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse> {
    let query = query.into_inner();
    let list = ListPostsQuery {
        sort: None,
        tag: None,
        author: Some(author.0.to_string()),
        cursor: query.cursor,
        limit: query.limit,
    };
    http::cards(&service::list(&state, viewer.id(), list).await?)
}

/// Posts a user liked, most recent like first.
#[utoipa::path(tag = "users",
    params(("key" = String, Path, description = "User name or id"), PageQuery),
    responses(
        (status = 200, description = "A page of post cards", body = Page<PostCard>),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
#[get("/users/{key}/likes")]
pub async fn list_user_likes(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    author: UserPath,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse> {
    let page = service::list_reacted(&state, viewer.id(), author.0, Reaction::Like, &query).await?;
    http::cards(&page)
}

/// Posts a user collected, most recent first: only the owner sees them unless they chose to
/// show them (`collects_public`).
#[utoipa::path(tag = "users",
    params(("key" = String, Path, description = "User name or id"), PageQuery),
    responses(
        (status = 200, description = "A page of post cards", body = Page<PostCard>),
        (status = 403, description = "Their collects are private (`collects_private`): only the owner sees them", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
#[get("/users/{key}/collects")]
pub async fn list_user_collects(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    author: UserPath,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse> {
    // Collections are private unless their owner shows them.
    if viewer.id() != Some(author.0) && !author.1.collects_public {
        return Err(AppError::forbidden(
            "collects_private",
            "this person keeps what they collect private",
        ));
    }
    let page =
        service::list_reacted(&state, viewer.id(), author.0, Reaction::Collect, &query).await?;
    http::cards(&page)
}

/// Posts with a tag, newest first (`sort=latest`) or hottest first (`sort=hot`).
#[utoipa::path(tag = "tags",
    params(("name" = String, Path, description = "Tag name"), TagPostsQuery),
    responses(
        (status = 200, description = "A page of post cards", body = Page<PostCard>),
        (status = 404, description = "No such tag", body = ErrorBody),
        (status = 503, description = "`sort=hot` while the search backend is unavailable", body = ErrorBody),
    ))]
#[get("/tags/{name}/posts")]
pub async fn list_tag_posts(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    name: web::Path<String>,
    query: web::Query<TagPostsQuery>,
) -> Result<HttpResponse> {
    let query = query.into_inner();
    if query.sort == Some(PostSort::Hot) {
        if service::tag_first_ids(&state, &name).await?.is_none() {
            return Err(AppError::NotFound("tag"));
        }
        let posts = search_service::hot(
            &state,
            viewer.id(),
            Some(&name),
            query.cursor.as_deref(),
            query.limit,
        )
        .await?;
        return http::cards(&posts);
    }
    let page = state
        .cursors
        .page_of(query.cursor.as_deref(), query.limit)?;
    let posts = service::list_tag(&state, viewer.id(), &name, None, page, true).await?;
    http::cards(&posts)
}
