//! Where media files live: the small `MediaStorage` trait, and its default, the local disk under
//! `data_dir/media` served at `/media/`.
//!
//! Keys are relative paths like `avatars/12/3f9a…-256.jpg`. Every key names its content (a hash
//! is part of it), so a stored file never changes and its URL can be cached forever.

use std::path::{Component, Path, PathBuf};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CACHE_CONTROL, HeaderValue, X_CONTENT_TYPE_OPTIONS};
use actix_web::middleware::{self, Next};
use actix_web::web;
use anyhow::Context;
use futures_util::future::BoxFuture;

/// A place to keep media files and the URLs clients load them from.
pub trait MediaStorage: Send + Sync {
    /// Stores `bytes` under `key`. Storing a key again is harmless: keys name their content.
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> BoxFuture<'a, anyhow::Result<()>>;

    /// Removes `key`; a key that is not there is not an error.
    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, anyhow::Result<()>>;

    /// The URL clients load `key` from.
    fn url(&self, key: &str) -> String;

    /// The key behind a URL this storage handed out; `None` for any other URL, so files are only
    /// ever deleted when they are this storage's own.
    fn key_of(&self, url: &str) -> Option<String>;
}

/// The URL path `/media/…` files are served under.
pub const MEDIA_URL_PREFIX: &str = "/media/";

/// Files under one folder on this machine. Processes that serve or run jobs must share it (one
/// machine, or a shared volume).
pub struct LocalMediaStorage {
    root: PathBuf,
}

impl LocalMediaStorage {
    /// The folder the default storage uses.
    pub fn root_for(data_dir: &Path) -> PathBuf {
        data_dir.join("media")
    }

    /// Creates the folder if needed, so the file service has something to serve from the start.
    pub fn new(root: PathBuf) -> anyhow::Result<LocalMediaStorage> {
        std::fs::create_dir_all(&root)
            .with_context(|| format!("cannot create the media folder {}", root.display()))?;
        Ok(LocalMediaStorage { root })
    }

    /// The file behind a key, refusing anything that could leave the root (`..`, absolute paths,
    /// hidden names).
    fn path_of(&self, key: &str) -> anyhow::Result<PathBuf> {
        let relative = Path::new(key);
        let safe = !key.is_empty()
            && relative.components().all(|component| match component {
                Component::Normal(part) => part
                    .to_str()
                    .is_some_and(|part| !part.starts_with('.') && is_safe_name(part)),
                _ => false,
            });
        anyhow::ensure!(safe, "not a media key: {key:?}");
        Ok(self.root.join(relative))
    }
}

fn is_safe_name(part: &str) -> bool {
    part.chars()
        .all(|character| character.is_ascii_alphanumeric() || "-_.".contains(character))
}

impl MediaStorage for LocalMediaStorage {
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            let path = self.path_of(key)?;
            let folder = path
                .parent()
                .ok_or_else(|| anyhow::anyhow!("a media key without a folder: {key}"))?;
            tokio::fs::create_dir_all(folder)
                .await
                .with_context(|| format!("creating {}", folder.display()))?;
            // Written aside and renamed, so a reader never sees half a file. The temporary name
            // is hidden, which the file service does not serve.
            let temporary = folder.join(format!(".{}.tmp", uuid::Uuid::new_v4().simple()));
            tokio::fs::write(&temporary, &bytes)
                .await
                .with_context(|| format!("writing {}", temporary.display()))?;
            if let Err(error) = tokio::fs::rename(&temporary, &path).await {
                let _ = tokio::fs::remove_file(&temporary).await;
                return Err(error).with_context(|| format!("renaming to {}", path.display()));
            }
            Ok(())
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            let path = self.path_of(key)?;
            match tokio::fs::remove_file(&path).await {
                Ok(()) => Ok(()),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(error) => Err(error).with_context(|| format!("removing {}", path.display())),
            }
        })
    }

    fn url(&self, key: &str) -> String {
        format!("{MEDIA_URL_PREFIX}{key}")
    }

    fn key_of(&self, url: &str) -> Option<String> {
        let key = url.strip_prefix(MEDIA_URL_PREFIX)?;
        self.path_of(key).ok().map(|_| key.to_string())
    }
}

/// Serves `root` at `/media/`: no directory listings, no hidden files, the content type from the
/// extension (names are chosen by the server, never by the uploader), and — for files found —
/// a year of caching, since a URL's content never changes.
pub fn serve_local(config: &mut web::ServiceConfig, root: &Path) {
    config.service(
        web::scope(MEDIA_URL_PREFIX.trim_end_matches('/'))
            .wrap(middleware::from_fn(immutable_when_found))
            // Without its own default, a miss would fall through to the app's default service
            // (the web app's index page) and be cached for a year.
            .service(actix_files::Files::new("", root).default_handler(web::to(not_found))),
    );
}

async fn not_found() -> actix_web::HttpResponse {
    actix_web::HttpResponse::NotFound()
        .content_type("text/plain; charset=utf-8")
        .body("no such file")
}

async fn immutable_when_found(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(request).await?;
    response
        .headers_mut()
        .insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if response.status().is_success() || response.status().as_u16() == 304 {
        response.headers_mut().insert(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_leave_the_root() {
        let storage = LocalMediaStorage {
            root: PathBuf::from("/srv/media"),
        };
        assert!(storage.path_of("avatars/12/abc-256.jpg").is_ok());
        for key in [
            "",
            "../etc/passwd",
            "avatars/../../x",
            "/etc/passwd",
            "avatars/.hidden",
            "avatars/12/a b.jpg",
            "avatars\\12",
        ] {
            assert!(storage.path_of(key).is_err(), "{key:?} must be refused");
        }
        assert_eq!(
            storage.key_of("/media/avatars/12/abc-64.png").as_deref(),
            Some("avatars/12/abc-64.png")
        );
        assert_eq!(storage.key_of("https://example.com/a.png"), None);
        assert_eq!(storage.key_of("/media/../secret"), None);
    }
}
