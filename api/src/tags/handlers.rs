//! `/tags` and `/tags/{name}/posts`.

use actix_web::{HttpResponse, web};

use super::dto::{TagCount, TagList};
use super::repo;
use crate::auth::MaybeAuthUser;
use crate::cache::keys::TagListKey;
use crate::error::{AppError, ErrorBody, Result};
use crate::pagination::Page;
use crate::posts::dto::{PostCard, PostSort, TagPostsQuery};
use crate::posts::service as posts_service;
use crate::search::service as search_service;
use crate::state::AppState;
use crate::tags::repo as tags_repo;

pub fn router(config: &mut web::ServiceConfig) {
    config
        .route("/tags", web::get().to(list_tags))
        .route("/tags/{name}/posts", web::get().to(list_tag_posts));
}

/// The 100 most used tags with their post counts.
#[utoipa::path(get, path = "/api/v1/tags", tag = "tags",
    responses((status = 200, description = "Tags, most used first", body = TagList)))]
pub async fn list_tags(state: web::Data<AppState>) -> Result<HttpResponse> {
    let conn = &state.db.conn;
    let items = state
        .cache
        .get_or_load(&TagListKey, || async move {
            let rows = repo::counts(conn, 100).await?;
            Ok(Some(
                rows.into_iter()
                    .map(|row| TagCount {
                        name: row.name,
                        post_count: row.post_count,
                    })
                    .collect(),
            ))
        })
        .await?
        .unwrap_or_default();
    Ok(HttpResponse::Ok().json(TagList { items }))
}

/// Posts with a tag, newest first (`sort=latest`) or hottest first (`sort=hot`).
#[utoipa::path(get, path = "/api/v1/tags/{name}/posts", tag = "tags",
    params(("name" = String, Path, description = "Tag name"), TagPostsQuery),
    responses(
        (status = 200, description = "A page of post cards", body = Page<PostCard>),
        (status = 404, description = "No such tag", body = ErrorBody),
        (status = 503, description = "`sort=hot` while the search backend is unavailable", body = ErrorBody),
    ))]
pub async fn list_tag_posts(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    name: web::Path<String>,
    query: web::Query<TagPostsQuery>,
) -> Result<HttpResponse> {
    let query = query.into_inner();
    if query.sort == Some(PostSort::Hot) {
        if tags_repo::find_by_name(&state.db.conn, &name)
            .await?
            .is_none()
        {
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
        return Ok(HttpResponse::Ok().json(posts));
    }
    let page = state
        .cursors
        .page_of(query.cursor.as_deref(), query.limit)?;
    let posts = posts_service::list_tag(&state, viewer.id(), &name, None, page, true).await?;
    Ok(HttpResponse::Ok().json(posts))
}
