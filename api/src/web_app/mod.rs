//! The web app (`web/dist`) as the server hands it out: hashed assets with long cache headers
//! (a precompressed `.br` or `.gz` twin when the browser takes it), and `index.html` for every
//! other path so client-side routes survive a reload — with the first page's data for the
//! requested URL embedded (`initial_data`), so the page renders without a second round trip,
//! and for the home page and a post page that page drawn by the server (`first_paint`), so it is
//! on screen before the app's JavaScript has arrived.
//!
//! It sits beside the features (it reads the same services to fill the first page); the HTTP
//! edge does not import it, `startup` wires it in.

mod first_paint;
mod icons;
mod initial_data;
mod markup;
mod metadata;
mod shell;

use std::path::{Component, Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::StatusCode;
use actix_web::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_SECURITY_POLICY, ContentEncoding, HeaderValue, VARY,
};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::AppError;
use crate::http::security::APP_CSP;
use crate::state::AppState;
use shell::{Head, Shell};

/// Where the hashed assets are.
struct Assets {
    dir: PathBuf,
}

pub fn configure(config: &mut web::ServiceConfig, web_dir: &Path) {
    let Ok(html) = std::fs::read_to_string(web_dir.join("index.html")) else {
        config.default_service(web::to(placeholder));
        return;
    };
    let assets = web_dir.join("assets");
    if assets.is_dir() {
        config.service(
            web::resource("/assets/{file:.*}")
                .app_data(web::Data::new(Assets { dir: assets }))
                .route(web::get().to(asset))
                .route(web::head().to(asset)),
        );
    }
    let static_dir = web_dir.to_path_buf();
    config
        .app_data(web::Data::new(Shell::parse(
            html,
            APP_CSP,
            std::fs::read_to_string(web_dir.join(".vite/manifest.json"))
                .ok()
                .as_deref(),
        )))
        .app_data(web::Data::new(StaticDir(static_dir)))
        .default_service(web::to(page));
}

/// Other files at the top of `web/dist` (icons, `robots.txt`), served as they are.
struct StaticDir(PathBuf);

/// A hashed asset: the brotli or gzip twin when the browser accepts it and the build made one.
async fn asset(
    request: HttpRequest,
    file: web::Path<String>,
    assets: web::Data<Assets>,
) -> actix_web::Result<HttpResponse> {
    let Some(path) = safe_join(&assets.dir, &file) else {
        return Ok(HttpResponse::NotFound().finish());
    };
    let accepted = request
        .headers()
        .get(ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let takes = |coding: &str| {
        accepted.split(',').map(|part| part.trim()).any(|part| {
            part == coding || part.starts_with(&format!("{coding};")) && !part.ends_with("q=0")
        })
    };
    let content_type = actix_files::file_extension_to_mime(
        path.extension().and_then(|ext| ext.to_str()).unwrap_or(""),
    );
    let twins = [
        ("br", ContentEncoding::Brotli),
        ("gzip", ContentEncoding::Gzip),
    ];
    let mut chosen = None;
    for (coding, encoding) in twins {
        let suffix = if coding == "br" { "br" } else { "gz" };
        let twin = PathBuf::from(format!("{}.{suffix}", path.display()));
        if takes(coding) && twin.is_file() {
            chosen = Some((twin, encoding));
            break;
        }
    }
    let file = match chosen {
        Some((twin, encoding)) => NamedFile::open_async(&twin)
            .await?
            .set_content_type(content_type)
            .set_content_encoding(encoding),
        None => NamedFile::open_async(&path).await?,
    };
    let mut response = file.into_response(&request);
    let headers = response.headers_mut();
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    Ok(response)
}

/// Any other path: a file at the top of `web/dist` if there is one, else the app's shell with
/// the requested page's data.
async fn page(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let path = request.path().to_string();
    if let Some(dir) = request.app_data::<web::Data<StaticDir>>()
        && path != "/"
        && let Some(file) = safe_join(&dir.0, path.trim_start_matches('/'))
        && file.is_file()
        && file.file_name().is_some_and(|name| name != "index.html")
    {
        return Ok(NamedFile::open_async(&file).await?.into_response(&request));
    }
    let (Some(shell), Some(state)) = (
        request.app_data::<web::Data<Shell>>(),
        request.app_data::<web::Data<AppState>>(),
    ) else {
        return Ok(HttpResponse::NotFound().finish());
    };
    let query = request.query_string();
    let first = initial_data::for_page(state, &path, query).await;
    let location = if query.is_empty() {
        path.clone()
    } else {
        format!("{path}?{query}")
    };
    let drawn = first
        .content
        .as_ref()
        .map(|content| first_paint::draw(content, &location, chrono::Utc::now()));
    let post = match &first.content {
        Some(first_paint::Content::Post(post)) => Some(Ok(&**post)),
        _ if !first.found => Some(Err(AppError::NotFound("post"))),
        _ => None,
    };
    let meta = metadata::for_page(state, &path, query, post.as_ref()).await;
    let head = Head {
        title: metadata::document_title(&meta),
        description: metadata::description_element(&meta),
        elements: metadata::head_elements(&meta, state.settings.public_url.trim_end_matches('/')),
    };
    let post_page = post.as_ref().is_some_and(Result::is_ok);
    let html = shell.page(&head, drawn.as_ref(), first.script.as_deref(), post_page);
    let status = if first.found && meta.found {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let mut response = HttpResponse::build(status);
    response
        .content_type("text/html; charset=utf-8")
        .insert_header((CACHE_CONTROL, "no-cache"));
    if let Ok(policy) = HeaderValue::from_str(&shell.policy) {
        response.insert_header((CONTENT_SECURITY_POLICY, policy));
    }
    Ok(response.body(html))
}

/// `relative` under `root`, refusing anything that could leave it.
fn safe_join(root: &Path, relative: &str) -> Option<PathBuf> {
    let relative = Path::new(relative);
    if relative
        .components()
        .any(|component| !matches!(component, Component::Normal(_)))
    {
        return None;
    }
    Some(root.join(relative))
}

async fn placeholder() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(
            "<!doctype html><meta charset=utf-8><title>Tidings</title>\
         <h1>Tidings</h1><p>The web app is not built. Run <code>make run</code>, \
         or browse the API at <a href=\"/api/docs/\">/api/docs/</a>.</p>",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_folder() {
        let root = Path::new("/srv/web");
        assert!(safe_join(root, "app-1234.js").is_some());
        assert!(safe_join(root, "../secret").is_none());
        assert!(safe_join(root, "/etc/passwd").is_none());
        assert!(safe_join(root, "a/../../b").is_none());
    }
}
