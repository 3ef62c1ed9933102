//! `GET /health`: liveness plus the state of each configured backend.

use std::collections::BTreeMap;
use std::time::Instant;

use actix_web::{HttpResponse, web};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct BackendHealth {
    /// `ok` or `down`.
    pub status: String,
    /// Which implementation is configured, e.g. `sqlite`.
    pub kind: String,
    pub latency_ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` when every backend is, else `degraded`.
    pub status: String,
    pub version: String,
    pub backends: BTreeMap<String, BackendHealth>,
}

/// Liveness and backend state. 200 when everything is up, 503 otherwise.
#[utoipa::path(get, path = "/api/v1/health", tag = "health",
    responses(
        (status = 200, description = "All backends up", body = Health),
        (status = 503, description = "A backend is down", body = Health),
    ))]
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let mut backends = BTreeMap::new();
    let started = Instant::now();
    let database = state.db.conn.execute_unprepared("SELECT 1").await;
    backends.insert(
        "database".to_string(),
        BackendHealth {
            status: if database.is_ok() { "ok" } else { "down" }.into(),
            kind: format!("{:?}", state.db.backend()).to_lowercase(),
            latency_ms: started.elapsed().as_secs_f64() * 1000.0,
            error: database.err().map(|_| "unreachable".to_string()),
        },
    );
    let started = Instant::now();
    if let Some(up) = state.cache.redis_ping().await {
        // Redis down degrades speed, not correctness: reads fall through to the database.
        backends.insert(
            "redis".to_string(),
            BackendHealth {
                status: if up { "ok" } else { "down" }.into(),
                kind: "redis".into(),
                latency_ms: started.elapsed().as_secs_f64() * 1000.0,
                error: None,
            },
        );
    }
    let healthy = backends.values().all(|backend| backend.status == "ok");
    let body = Health {
        status: if healthy { "ok" } else { "degraded" }.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        backends,
    };
    if healthy {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
