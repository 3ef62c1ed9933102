//! Probes: `GET /health/live` (the process answers), `GET /health/ready` (it can serve: the
//! database answers) and `GET /api/v1/health` (readiness with the state of every backend).
//! A degraded optional backend (Redis: reads fall through to the database) is reported in the
//! body but keeps the 200, so a load balancer never pulls an instance that still serves. Backends are probed once a
//! second in the background and the handler returns the latest result, so a load balancer (or a
//! benchmark's ceiling) hitting it costs no database or Redis round trip.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use utoipa::ToSchema;

use crate::cache::Cache;
use crate::db::{Db, HEALTH_PROBE_SQL};
use crate::state::AppState;

const PROBE_INTERVAL: Duration = Duration::from_secs(1);
/// Consecutive failed database probes before readiness says the database is down.
const DOWN_AFTER_FAILED_PROBES: u32 = 2;
/// How long a database probe may take. On a saturated machine a loopback TCP segment can be
/// lost and resent after the retransmission timeout's backoff (measured: `SELECT 1` on
/// PostgreSQL took over 2 s twice in ten seconds under 100k req/s on two cores, with
/// `TCPTimeouts` rising in `nstat`): that is a slow database, not a missing one.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BackendHealth {
    /// `ok` or `down`.
    pub status: String,
    /// Which implementation is configured, e.g. `sqlite`.
    pub kind: String,
    pub latency_ms: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Health {
    /// `ok` when every backend is; `degraded` when an optional one (Redis) is down but requests
    /// are served; `down` when the database does not answer.
    pub status: String,
    pub version: String,
    /// When the backends were last probed (once a second).
    pub checked_at: DateTime<Utc>,
    pub backends: BTreeMap<String, BackendHealth>,
}

/// The latest probe result, shared by every worker.
pub struct HealthMonitor {
    latest: RwLock<Arc<Health>>,
}

impl HealthMonitor {
    /// Probes once now, then keeps probing in the background for the life of the process.
    pub async fn start(db: Db, cache: Cache) -> Arc<HealthMonitor> {
        let monitor = Arc::new(HealthMonitor {
            latest: RwLock::new(Arc::new(probe(&db, &cache).await)),
        });
        let background = monitor.clone();
        tokio::spawn(async move {
            let mut failed_in_a_row = 0;
            loop {
                tokio::time::sleep(PROBE_INTERVAL).await;
                let probed = probe(&db, &cache).await;
                // One slow or failed probe on a saturated machine is not an outage: the database
                // is reported down (503) once two probes in a row say so, so readiness does not
                // flap while the instance is merely busy.
                if probed.status == "down" {
                    failed_in_a_row += 1;
                    if failed_in_a_row < DOWN_AFTER_FAILED_PROBES {
                        continue;
                    }
                } else {
                    failed_in_a_row = 0;
                }
                if let Ok(mut latest) = background.latest.write() {
                    *latest = Arc::new(probed);
                }
            }
        });
        monitor
    }

    pub fn latest(&self) -> Arc<Health> {
        self.latest
            .read()
            .map(|latest| latest.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }
}

async fn probe(db: &Db, cache: &Cache) -> Health {
    let mut backends = BTreeMap::new();
    let started = Instant::now();
    let database =
        tokio::time::timeout(PROBE_TIMEOUT, db.conn.execute_unprepared(HEALTH_PROBE_SQL)).await;
    match &database {
        Ok(Ok(_)) => {}
        Ok(Err(error)) => tracing::warn!(%error, "the database health probe failed"),
        Err(_) => tracing::warn!(
            timeout_secs = PROBE_TIMEOUT.as_secs(),
            "the database health probe timed out"
        ),
    }
    backends.insert(
        "database".to_string(),
        BackendHealth {
            status: if matches!(database, Ok(Ok(_))) {
                "ok"
            } else {
                "down"
            }
            .into(),
            kind: format!("{:?}", db.backend()).to_lowercase(),
            latency_ms: started.elapsed().as_secs_f64() * 1000.0,
        },
    );
    let started = Instant::now();
    if let Some(up) = cache.redis_ping().await {
        // Redis down degrades speed, not correctness: reads fall through to the database.
        backends.insert(
            "redis".to_string(),
            BackendHealth {
                status: if up { "ok" } else { "down" }.into(),
                kind: "redis".into(),
                latency_ms: started.elapsed().as_secs_f64() * 1000.0,
            },
        );
    }
    let healthy = backends.values().all(|backend| backend.status == "ok");
    let database_up = backends
        .get("database")
        .is_some_and(|backend| backend.status == "ok");
    Health {
        status: if !database_up {
            "down"
        } else if healthy {
            "ok"
        } else {
            "degraded"
        }
        .into(),
        version: env!("CARGO_PKG_VERSION").into(),
        checked_at: Utc::now(),
        backends,
    }
}

/// Readiness and backend state (probed at most a second ago): 200 while requests can be served
/// (`ok` or `degraded`), 503 when the database does not answer.
#[utoipa::path(tag = "health",
    responses(
        (status = 200, description = "Serving; `status` is `ok`, or `degraded` with an optional backend down", body = Health),
        (status = 503, description = "The database is down", body = Health),
    ))]
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    ready(state).await
}

/// `GET /health/ready`: the same answer as `/api/v1/health`.
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let latest = state.health.latest();
    if latest.status == "down" {
        HttpResponse::ServiceUnavailable().json(&*latest)
    } else {
        HttpResponse::Ok().json(&*latest)
    }
}

/// `GET /health/live`: the process is up and its workers answer; no backend is consulted.
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}
