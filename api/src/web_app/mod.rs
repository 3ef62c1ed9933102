//! The web app (`web/dist`) as the server hands it out: hashed assets with long cache headers
//! (a precompressed `.br` or `.gz` twin when the browser takes it), and `index.html` for every
//! other path so client-side routes survive a reload — with the first page's data for the
//! requested URL embedded (`initial_data`), so the page renders without a second round trip.
//!
//! It sits beside the features (it reads the same services to fill the first page); the HTTP
//! edge does not import it, `startup` wires it in.

mod initial_data;

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use actix_files::NamedFile;
use actix_web::http::StatusCode;
use actix_web::http::header::{ACCEPT_ENCODING, CACHE_CONTROL, ContentEncoding, HeaderValue, VARY};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::state::AppState;

/// `index.html`, read once at start-up.
struct Shell {
    html: Arc<str>,
}

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
        .app_data(web::Data::new(Shell { html: html.into() }))
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
    let first = initial_data::for_page(state, &path, request.query_string()).await;
    let html = match &first.script {
        Some(script) => inject(&shell.html, script),
        None => shell.html.to_string(),
    };
    let status = if first.found {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((CACHE_CONTROL, "no-cache"))
        .body(html))
}

/// `script` placed just before `</head>` (or at the start of the body if there is none).
fn inject(html: &str, script: &str) -> String {
    match html.find("</head>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
        None => format!("{script}{html}"),
    }
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

    #[test]
    fn the_script_goes_into_the_head() {
        let html = "<html><head><title>T</title></head><body></body></html>";
        assert_eq!(
            inject(html, "<script></script>"),
            "<html><head><title>T</title><script></script></head><body></body></html>"
        );
    }
}
