//! Everything a request or command needs, built once at start-up and shared.

use std::sync::Arc;

use crate::auth::oauth::Providers;
use crate::auth::rate_limit::RateLimiter;
use crate::auth::tokens::{TokenKeys, server_secret};
use crate::avatars::storage::{LocalMediaStorage, MediaStorage};
use crate::cache::Cache;
use crate::config::Settings;
use crate::db::Db;
use crate::health::HealthMonitor;
use crate::jobs::Jobs;
use crate::mail::Mail;
use crate::metrics::Metrics;
use crate::pagination::Cursors;
use crate::search::SearchIndex;

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: Db,
    pub cache: Cache,
    pub tokens: Arc<TokenKeys>,
    /// Signs and checks page cursors.
    pub cursors: Arc<Cursors>,
    pub metrics: Arc<Metrics>,
    pub health: Arc<HealthMonitor>,
    pub jobs: Jobs,
    pub search: SearchIndex,
    pub mail: Arc<Mail>,
    pub rate_limiter: Arc<RateLimiter>,
    /// Uploaded media (avatars): the local disk under `data_dir/media` by default.
    pub media: Arc<dyn MediaStorage>,
    /// The configured sign-in providers (GitHub, OpenID Connect).
    pub oauth: Arc<Providers>,
}

impl AppState {
    pub async fn build(settings: Settings) -> anyhow::Result<AppState> {
        let metrics = Arc::new(Metrics::new()?);
        let db = Db::connect(&settings, metrics.clone()).await?;
        let cache = Cache::build(&settings, metrics.clone()).await?;
        let secret = server_secret(&settings)?;
        let tokens = Arc::new(TokenKeys::from_secret(&settings, &secret));
        let cursors = Arc::new(Cursors::from_secret(
            secrecy::ExposeSecret::expose_secret(&secret).as_bytes(),
        ));
        let health = HealthMonitor::start(db.clone(), cache.clone()).await;
        let jobs = Jobs::connect(&settings, &db).await?;
        let search = SearchIndex::connect(&settings).await?;
        let mail = Arc::new(Mail::from_settings(&settings)?);
        let media = Arc::new(LocalMediaStorage::new(LocalMediaStorage::root_for(
            &settings.data_dir,
        ))?);
        let oauth = Arc::new(Providers::from_settings(&settings)?);
        let rate_limiter = Arc::new(RateLimiter::new(settings.rate_limit_window_secs));
        Ok(AppState {
            settings: Arc::new(settings),
            db,
            cache,
            tokens,
            cursors,
            metrics,
            health,
            jobs,
            search,
            mail,
            rate_limiter,
            media,
            oauth,
        })
    }
}
