//! Prometheus metrics for `GET /metrics`: cache hits and misses per keyspace and level, loader
//! calls, Redis errors and latency, HTTP requests and latency by route and status.

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts,
    Registry, TextEncoder,
};

tokio::task_local! {
    /// Set for background work (jobs, relay, schedulers), whose SQL is counted apart from the
    /// SQL that requests cause.
    static BACKGROUND: ();
}

/// Runs `work` as background work for the SQL counters.
pub async fn background<F: std::future::Future>(work: F) -> F::Output {
    BACKGROUND.scope((), work).await
}

/// Whether the current task is background work.
pub fn in_background() -> bool {
    BACKGROUND.try_with(|_| ()).is_ok()
}

pub struct Metrics {
    registry: Registry,
    cache_hits: IntCounterVec,
    cache_misses: IntCounterVec,
    cache_loads: IntCounterVec,
    pub redis_errors: IntCounter,
    pub redis_latency: Histogram,
    pub redis_up: IntGauge,
    pub db_queries: IntCounter,
    pub db_background_queries: IntCounter,
    http_requests: IntCounterVec,
    http_latency: HistogramVec,
    /// Job attempts by kind and outcome (done, retried, failed).
    pub jobs: IntCounterVec,
    /// Post documents written to the search index.
    pub search_documents_indexed: IntCounter,
}

impl Metrics {
    pub fn new() -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new_custom(Some("tidings".into()), None)?;
        let cache_hits = IntCounterVec::new(
            Opts::new(
                "cache_hits_total",
                "Cache hits by keyspace and level (l1 = in process, l2 = Redis)",
            ),
            &["keyspace", "level"],
        )?;
        let cache_misses = IntCounterVec::new(
            Opts::new("cache_misses_total", "Cache misses by keyspace and level"),
            &["keyspace", "level"],
        )?;
        let cache_loads = IntCounterVec::new(
            Opts::new(
                "cache_loads_total",
                "Loader calls (reads that reached the database) by keyspace",
            ),
            &["keyspace"],
        )?;
        let redis_errors = IntCounter::new(
            "redis_errors_total",
            "Redis operations that failed or timed out",
        )?;
        let redis_latency = Histogram::with_opts(
            HistogramOpts::new("redis_latency_seconds", "Redis operation latency").buckets(vec![
                0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1,
            ]),
        )?;
        let redis_up = IntGauge::new("redis_up", "1 while Redis answers, 0 during an outage")?;
        let db_queries = IntCounter::new(
            "db_queries_total",
            "SQL statements sent to the database on behalf of requests",
        )?;
        let db_background_queries = IntCounter::new(
            "db_background_queries_total",
            "SQL statements of background work (jobs, outbox relay, schedulers)",
        )?;
        registry.register(Box::new(db_background_queries.clone()))?;
        let http_requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by method, route and status",
            ),
            &["method", "route", "status"],
        )?;
        let http_latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "HTTP request latency by route",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
            ]),
            &["method", "route"],
        )?;
        let jobs = IntCounterVec::new(
            Opts::new(
                "jobs_total",
                "Job attempts by kind and outcome (done, retried, failed)",
            ),
            &["kind", "outcome"],
        )?;
        registry.register(Box::new(jobs.clone()))?;
        let search_documents_indexed = IntCounter::new(
            "search_documents_indexed_total",
            "Post documents written to the search index",
        )?;
        registry.register(Box::new(search_documents_indexed.clone()))?;
        registry.register(Box::new(cache_hits.clone()))?;
        registry.register(Box::new(cache_misses.clone()))?;
        registry.register(Box::new(cache_loads.clone()))?;
        registry.register(Box::new(redis_errors.clone()))?;
        registry.register(Box::new(redis_latency.clone()))?;
        registry.register(Box::new(redis_up.clone()))?;
        registry.register(Box::new(db_queries.clone()))?;
        registry.register(Box::new(http_requests.clone()))?;
        registry.register(Box::new(http_latency.clone()))?;
        Ok(Metrics {
            registry,
            cache_hits,
            cache_misses,
            cache_loads,
            redis_errors,
            redis_latency,
            redis_up,
            db_queries,
            db_background_queries,
            http_requests,
            http_latency,
            jobs,
            search_documents_indexed,
        })
    }

    pub fn hit(&self, keyspace: &str, level: &str) {
        self.cache_hits.with_label_values(&[keyspace, level]).inc();
    }

    pub fn miss(&self, keyspace: &str, level: &str) {
        self.cache_misses
            .with_label_values(&[keyspace, level])
            .inc();
    }

    pub fn load(&self, keyspace: &str) {
        self.cache_loads.with_label_values(&[keyspace]).inc();
    }

    pub fn observe_request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.http_requests
            .with_label_values(&[method, route, &status.to_string()])
            .inc();
        self.http_latency
            .with_label_values(&[method, route])
            .observe(seconds);
    }

    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut buffer);
        String::from_utf8(buffer).unwrap_or_default()
    }
}
