//! `/feeds/…` (Atom and RSS), `/me/feed-token`, and the root-level `/sitemap.xml`,
//! `/sitemaps/{page}.xml` and `/robots.txt`.

use actix_web::http::header::{self, HttpDate};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use super::feeds::{self, FeedKind, Format};
use super::{sitemap, tokens};
use crate::domain::ids::PostId;
use crate::error::{AppError, ErrorBody, Result};
use crate::read_model::keys::RenderedFeed;
use crate::session::AuthUser;
use crate::state::AppState;

pub fn router(config: &mut ServiceConfig) {
    config
        .service(latest_feed)
        .service(hot_feed)
        .service(tag_feed)
        .service(user_feed)
        .service(comments_feed)
        .service(home_feed)
        .service(feed_token)
        .service(create_feed_token)
        .service(revoke_feed_token);
}

/// The root-level files crawlers look for (outside the versioned API and the web app).
pub fn site_files(config: &mut web::ServiceConfig) {
    config
        .route("/robots.txt", web::get().to(robots))
        .route("/sitemap.xml", web::get().to(sitemap_index))
        .route("/sitemaps/{page}.xml", web::get().to(sitemap_page));
}

/// A feed, or 304 when the reader already has this version (`If-None-Match` / `If-Modified-Since`).
fn feed_response(request: &HttpRequest, feed: RenderedFeed, format: Format) -> HttpResponse {
    let digest = Sha256::digest(feed.body.as_bytes());
    let tag: String = digest[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let etag = format!("\"{tag}\"");
    let modified = HttpDate::from(std::time::SystemTime::from(feed.updated));
    let unchanged = match request.headers().get(header::IF_NONE_MATCH) {
        Some(given) => given.to_str().is_ok_and(|given| {
            given
                .split(',')
                .any(|one| one.trim() == etag || one.trim() == "*")
        }),
        None => request
            .headers()
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|since| since.to_str().ok())
            .and_then(|since| since.parse::<HttpDate>().ok())
            .is_some_and(|since| {
                // HTTP dates have whole seconds.
                let since: std::time::SystemTime = since.into();
                DateTime::<Utc>::from(since).timestamp() >= feed.updated.timestamp()
            }),
    };
    let mut response = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::LAST_MODIFIED, modified.to_string()))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"));
    if unchanged {
        return response.finish();
    }
    response.content_type(format.content_type()).body(feed.body)
}

async fn serve(
    state: &AppState,
    request: &HttpRequest,
    kind: FeedKind,
    format: Format,
) -> Result<HttpResponse> {
    let feed = feeds::render(state, kind, format).await?;
    Ok(feed_response(request, feed, format))
}

/// The newest posts, as Atom (`latest.atom`) or RSS 2.0 (`latest.rss`).
#[utoipa::path(tag = "syndication",
    params(("format" = String, Path, description = "`atom` or `rss`")),
    responses(
        (status = 200, description = "The feed", content(
            (String = "application/atom+xml"), (String = "application/rss+xml"))),
        (status = 304, description = "Unchanged since the `ETag` / `Last-Modified` given"),
        (status = 404, description = "No such format", body = ErrorBody),
    ))]
#[get("/feeds/latest.{format}")]
pub async fn latest_feed(
    state: web::Data<AppState>,
    request: HttpRequest,
    format: web::Path<String>,
) -> Result<HttpResponse> {
    serve(&state, &request, FeedKind::Latest, Format::parse(&format)?).await
}

/// The hot posts, ranked as the hot list ranks them.
#[utoipa::path(tag = "syndication",
    params(("format" = String, Path, description = "`atom` or `rss`")),
    responses(
        (status = 200, description = "The feed", content(
            (String = "application/atom+xml"), (String = "application/rss+xml"))),
        (status = 304, description = "Unchanged since the `ETag` / `Last-Modified` given"),
        (status = 404, description = "No such format", body = ErrorBody),
        (status = 503, description = "The search backend is unavailable", body = ErrorBody),
    ))]
#[get("/feeds/hot.{format}")]
pub async fn hot_feed(
    state: web::Data<AppState>,
    request: HttpRequest,
    format: web::Path<String>,
) -> Result<HttpResponse> {
    serve(&state, &request, FeedKind::Hot, Format::parse(&format)?).await
}

/// Posts carrying a tag, or any of up to five (`rust,web`).
#[utoipa::path(tag = "syndication",
    params(
        ("tags" = String, Path, description = "A tag, or up to five joined by commas"),
        ("format" = String, Path, description = "`atom` or `rss`"),
    ),
    responses(
        (status = 200, description = "The feed", content(
            (String = "application/atom+xml"), (String = "application/rss+xml"))),
        (status = 304, description = "Unchanged since the `ETag` / `Last-Modified` given"),
        (status = 404, description = "No such format, or not a tag name", body = ErrorBody),
    ))]
#[get("/feeds/tags/{tags}.{format}")]
pub async fn tag_feed(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse> {
    let (tags, format) = path.into_inner();
    let format = Format::parse(&format)?;
    serve(&state, &request, FeedKind::tags(&tags)?, format).await
}

/// A person's posts.
#[utoipa::path(tag = "syndication",
    params(
        ("key" = String, Path, description = "User name or id"),
        ("format" = String, Path, description = "`atom` or `rss`"),
    ),
    responses(
        (status = 200, description = "The feed", content(
            (String = "application/atom+xml"), (String = "application/rss+xml"))),
        (status = 304, description = "Unchanged since the `ETag` / `Last-Modified` given"),
        (status = 404, description = "No such user or format", body = ErrorBody),
    ))]
#[get("/feeds/users/{key}.{format}")]
pub async fn user_feed(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse> {
    let (key, format) = path.into_inner();
    let format = Format::parse(&format)?;
    let user = crate::read_model::users::resolve_key(&state, &key).await?;
    serve(&state, &request, FeedKind::User(user), format).await
}

/// The newest comments on a post.
#[utoipa::path(tag = "syndication",
    params(
        ("id" = i64, Path, description = "Post id"),
        ("format" = String, Path, description = "`atom` or `rss`"),
    ),
    responses(
        (status = 200, description = "The feed", content(
            (String = "application/atom+xml"), (String = "application/rss+xml"))),
        (status = 304, description = "Unchanged since the `ETag` / `Last-Modified` given"),
        (status = 404, description = "No such post or format", body = ErrorBody),
    ))]
#[get("/feeds/posts/{id}/comments.{format}")]
pub async fn comments_feed(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<(PostId, String)>,
) -> Result<HttpResponse> {
    let (post, format) = path.into_inner();
    let format = Format::parse(&format)?;
    serve(&state, &request, FeedKind::Comments(post), format).await
}

/// Someone's home timeline, for their feed reader: the token from `POST /me/feed-token` is the
/// only credential (feed readers cannot send headers); a wrong or revoked one is a 404.
#[utoipa::path(tag = "syndication",
    params(
        ("token" = String, Path, description = "The private feed token"),
        ("format" = String, Path, description = "`atom` or `rss`"),
    ),
    responses(
        (status = 200, description = "The feed", content(
            (String = "application/atom+xml"), (String = "application/rss+xml"))),
        (status = 304, description = "Unchanged since the `ETag` / `Last-Modified` given"),
        (status = 404, description = "No such token or format", body = ErrorBody),
    ))]
#[get("/feeds/home/{token}.{format}")]
pub async fn home_feed(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse> {
    let (token, format) = path.into_inner();
    let format = Format::parse(&format)?;
    let user = tokens::owner(&state, &token)
        .await?
        .ok_or(AppError::NotFound("feed"))?;
    let mut response = serve(&state, &request, FeedKind::Home(user), format).await?;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, max-age=60"),
    );
    Ok(response)
}

/// Whether the caller has a private feed token, and since when.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedTokenStatus {
    pub created_at: Option<DateTime<Utc>>,
}

/// A new private feed token with the feed addresses it opens (shown only this once).
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedTokenCreated {
    pub token: String,
    pub atom_url: String,
    pub rss_url: String,
    pub created_at: DateTime<Utc>,
}

/// Whether you have a private feed token (the token itself is never shown again).
#[utoipa::path(tag = "syndication", security(("bearer" = [])),
    responses((status = 200, description = "Status", body = FeedTokenStatus)))]
#[get("/me/feed-token")]
pub async fn feed_token(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse> {
    let created_at = tokens::created_at(&state, user.id).await?;
    Ok(HttpResponse::Ok().json(FeedTokenStatus { created_at }))
}

/// Makes a private feed token for your home timeline, replacing the previous one.
#[utoipa::path(tag = "syndication", security(("bearer" = [])),
    responses((status = 201, description = "The new token and its feed addresses", body = FeedTokenCreated)))]
#[post("/me/feed-token")]
pub async fn create_feed_token(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse> {
    let token = tokens::issue(&state, user.id).await?;
    let base = state.settings.public_url.trim_end_matches('/');
    let url = |extension: &str| format!("{base}/api/v1/feeds/home/{token}.{extension}");
    Ok(HttpResponse::Created().json(FeedTokenCreated {
        atom_url: url("atom"),
        rss_url: url("rss"),
        token,
        created_at: Utc::now(),
    }))
}

/// Revokes your private feed token: its addresses stop working at once.
#[utoipa::path(tag = "syndication", security(("bearer" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "There was none", body = ErrorBody),
    ))]
#[delete("/me/feed-token")]
pub async fn revoke_feed_token(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse> {
    if !tokens::revoke(&state, user.id).await? {
        return Err(AppError::NotFound("feed token"));
    }
    Ok(HttpResponse::NoContent().finish())
}

async fn robots(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(sitemap::robots(&state))
}

fn xml(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=600"))
        .body(body)
}

async fn sitemap_index(state: web::Data<AppState>) -> Result<HttpResponse> {
    Ok(xml(sitemap::index(&state).await?))
}

async fn sitemap_page(state: web::Data<AppState>, page: web::Path<String>) -> Result<HttpResponse> {
    Ok(xml(sitemap::page(&state, &page).await?))
}
