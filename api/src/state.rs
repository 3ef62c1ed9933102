//! Everything a request or command needs, built once at start-up and shared: the composition
//! root. Every layer receives `&AppState`, and this module names each backend it builds (a
//! feature's tokens or timelines among them) — the one deliberate upward import, which
//! `tests/scripts/layers.py` leaves out of its cycle check.

use crate::read_model::html_repair::HtmlRepairs;
use std::sync::Arc;

use crate::auth::oauth::Providers;
use crate::cache::counters::Counters;
use crate::cache::{Cache, RedisTier};
use crate::config::Settings;
use crate::db::Db;
use crate::db::pagination::Cursors;
use crate::feed::Timelines;
use crate::http::health::HealthMonitor;
use crate::http::rate_limit::RateLimiter;
use crate::index::SearchIndex;
use crate::jobs::Jobs;
use crate::live::Live;
use crate::mail::Mail;
use crate::media::storage::{LocalMediaStorage, MediaStorage};
use crate::session::tokens::{TokenKeys, server_secret};
use crate::telemetry::metrics::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: Db,
    pub cache: Cache,
    /// Where counts are served from: Redis hashes, or the rows.
    pub counters: Counters,
    /// Where home timelines live: Redis sorted sets, or computed from SQL.
    pub timelines: Timelines,
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
    /// "Something changed for user N" signals to the event streams of every process.
    pub live: Live,
    /// Stores the HTML rendered for old rows off the read path.
    pub html_repairs: HtmlRepairs,
}

impl AppState {
    pub async fn build(settings: Settings) -> anyhow::Result<AppState> {
        let metrics = Arc::new(Metrics::new()?);
        let db = Db::connect(&settings, metrics.clone()).await?;
        // Redis is connected here once; each backend that can use it is chosen from this
        // (cache level 2, counters, timelines, rate limits), so no request asks again.
        let redis = match &settings.redis_url {
            Some(url) => Some(Arc::new(
                RedisTier::connect(url, &settings, metrics.clone()).await?,
            )),
            None => None,
        };
        let html_repairs = HtmlRepairs::start(db.clone());
        let cache = Cache::build(&settings, metrics.clone(), redis.clone());
        cache.depend_with(crate::read_model::keys::card_dependency);
        let counters = Counters::new(redis.clone(), metrics.clone(), cache.clone());
        let timelines = Timelines::new(redis.clone());
        let live = Live::new(redis.clone());
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
        let rate_limiter = Arc::new(RateLimiter::new(settings.rate_limit_window_secs, redis));
        Ok(AppState {
            settings: Arc::new(settings),
            db,
            cache,
            counters,
            timelines,
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
            live,
            html_repairs,
        })
    }
}
