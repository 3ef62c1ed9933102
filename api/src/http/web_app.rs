//! Serves the built web app (`web/dist`): hashed assets with long cache headers, and
//! `index.html` for every other path so client-side routes survive a reload.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::{HttpResponse, middleware, web};

pub fn configure(config: &mut web::ServiceConfig, web_dir: &Path) {
    let index = web_dir.join("index.html");
    if !index.is_file() {
        config.default_service(web::to(placeholder));
        return;
    }
    let assets = web_dir.join("assets");
    if assets.is_dir() {
        config.service(
            web::scope("/assets")
                .wrap(middleware::DefaultHeaders::new().add((
                    CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                )))
                .service(Files::new("", assets)),
        );
    }
    let fallback = index.clone();
    config.service(
        Files::new("/", web_dir)
            .index_file("index.html")
            .default_handler(fn_service(move |request: ServiceRequest| {
                let index: PathBuf = fallback.clone();
                async move {
                    let (request, _) = request.into_parts();
                    let file = NamedFile::open_async(&index).await?;
                    let mut response = file.into_response(&request);
                    response
                        .headers_mut()
                        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
                    Ok(ServiceResponse::new(request, response))
                }
            })),
    );
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
