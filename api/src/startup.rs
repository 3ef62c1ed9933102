//! Builds the HTTP application: state, migrations, routes, extractor error mapping, the web app.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::error::{PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, middleware, web};
use migration::{Migrator, MigratorTrait};
use secrecy::ExposeSecret;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Settings;
use crate::error::error_response;
use crate::http::{health, request_id, security};
use crate::jobs::Job;
use crate::media::storage::{LocalMediaStorage, serve_local};
use crate::openapi;
use crate::state::AppState;
use crate::{auth, avatars, crawl, feed, jobs, notifications, search, web_app};
use futures_util::future::BoxFuture;
use utoipa_actix_web::service_config::ServiceConfig;

/// What each background job does: the one table from a `Job` to the feature that performs it.
/// It lives here, above the features, so that `jobs/` stays infrastructure that knows none.
pub fn perform_job(state: AppState, job: Job) -> BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move {
        let state = &state;
        match job {
            Job::FanOutPost { post_id, author_id } => {
                feed::service::fan_out_post(state, post_id, author_id).await?;
            }
            Job::RemovePost { post_id, author_id } => {
                feed::service::remove_post(state, post_id, author_id).await?;
            }
            Job::BackfillTimeline { user_id, author_id } => {
                feed::service::backfill(state, user_id, author_id).await?;
            }
            Job::RemoveAuthorFromTimeline { user_id, author_id } => {
                feed::service::remove_author(state, user_id, author_id).await?;
            }
            Job::IndexPosts => search::service::index_marked(state).await?,
            Job::PollFeed { source_id } => crawl::service::poll(state, source_id).await?,
            Job::Probe {
                name,
                fail_attempts,
            } => jobs::worker::probe(state, &name, fail_attempts).await?,
            Job::SendMail { user_id, mail } => {
                auth::flows::send_mail(state, user_id, mail, None).await?
            }
            Job::SendMailTo { user_id, mail, to } => {
                auth::flows::send_mail(state, user_id, mail, Some(to)).await?
            }
            Job::FetchAvatar { user_id, url } => {
                avatars::service::fetch_remote(state, user_id, &url).await?
            }
            Job::Notify { events } => notifications::service::deliver(state, events).await?,
            Job::MailNotifications { user_id } => {
                notifications::mail::send_digest(state, user_id).await?
            }
        }
        Ok(())
    })
}

/// Starts this process's job workers, the search index's sweeper and the notification mail
/// sweep.
pub fn spawn_job_workers(state: &AppState) {
    search::service::spawn_sweeper(state.clone());
    notifications::mail::spawn_sweep(state.clone());
    jobs::worker::spawn_workers(state.clone(), perform_job);
}

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

impl Application {
    /// Connects to every backend (failing fast, naming the setting), applies pending migrations
    /// and binds the listener. Port 0 picks a free port; `port()` tells which.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let state = AppState::build(settings).await?;
        Migrator::up(&state.db.conn, None).await?;
        state.jobs.spawn_relay(state.db.clone());
        if state.settings.jobs_in_process {
            spawn_job_workers(&state);
            crawl::scheduler::spawn(state.clone());
        }
        let listener = TcpListener::bind(&state.settings.bind).map_err(|error| {
            anyhow::anyhow!(
                "cannot listen on TIDINGS_BIND={}: {error}",
                state.settings.bind
            )
        })?;
        let port = listener.local_addr()?.port();
        let server = run(listener, state.clone())?;
        Ok(Application {
            port,
            server,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server from elsewhere (tests, signal handlers).
    pub fn server_handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn run(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let workers = state
        .settings
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        let settings = &data.settings;
        App::new()
            // JSON and the shell are compressed when the client asks; assets come precompressed.
            .wrap(middleware::Compress::default())
            .wrap(middleware::from_fn(security::refuse_nul))
            .wrap(middleware::from_fn(security::headers))
            .wrap(middleware::from_fn(request_id::request_id))
            .app_data(data.clone())
            .app_data(security::json_config(security::POST_JSON_BYTES))
            .app_data(web::QueryConfig::default().error_handler(query_error))
            .app_data(web::PathConfig::default().error_handler(path_error))
            .service(
                web::scope("/api/v1")
                    .configure(|config| openapi::api_routes(&mut ServiceConfig::new(config)))
                    .default_service(web::to(api_not_found)),
            )
            .route("/metrics", web::get().to(metrics))
            // Probes at stable paths outside the web app and the versioned API.
            .route("/health/live", web::get().to(health::live))
            .route("/health/ready", web::get().to(health::ready))
            .route("/health", web::get().to(health::ready))
            .service(
                SwaggerUi::new("/api/docs/{_:.*}")
                    .url("/api/openapi.json", openapi::document().clone()),
            )
            .service(web::resource("/api/docs").to(|| async {
                HttpResponse::PermanentRedirect()
                    .insert_header(("location", "/api/docs/"))
                    .finish()
            }))
            .service(web::scope("/api").default_service(web::to(api_not_found)))
            .configure(crate::syndication::handlers::site_files)
            .configure(|config| {
                serve_local(config, &LocalMediaStorage::root_for(&settings.data_dir))
            })
            .configure(|config| web_app::configure(config, &settings.web_dir))
    })
    .workers(workers)
    .listen(listener)?
    .run();
    Ok(server)
}

/// Prometheus text format, for the bearer of `TIDINGS_METRICS_TOKEN`, or (without one) for
/// loopback clients only: route names, error rates and queue depths are not for the public.
async fn metrics(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    let allowed = match &state.settings.metrics_token {
        Some(token) => request
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .is_some_and(|given| {
                constant_time_eq(given.as_bytes(), token.expose_secret().as_bytes())
            }),
        None => request
            .peer_addr()
            .is_some_and(|address| address.ip().is_loopback()),
    };
    if !allowed {
        return error_response(
            StatusCode::FORBIDDEN,
            "forbidden",
            "metrics need the metrics token (or a loopback client when none is set)",
        );
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render())
}

fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    left.len() == right.len()
        && left
            .iter()
            .zip(right)
            .fold(0u8, |difference, (a, b)| difference | (a ^ b))
            == 0
}

/// Path templates of the documented API and the methods each accepts, e.g.
/// (`["api", "v1", "posts", "{id}"]`, `["DELETE", "GET", "PATCH"]`).
static API_ROUTES: std::sync::LazyLock<Vec<(Vec<String>, Vec<String>)>> =
    std::sync::LazyLock::new(|| {
        openapi::document()
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let segments = template
                    .trim_matches('/')
                    .split('/')
                    .map(str::to_string)
                    .collect();
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter(|(_, present)| *present)
                .map(|(method, _)| method.to_string())
                .collect();
                (segments, methods)
            })
            .collect()
    });

/// 405 with `Allow` when the path exists but not with this method, else 404.
async fn api_not_found(request: HttpRequest) -> HttpResponse {
    let segments: Vec<&str> = request.path().trim_matches('/').split('/').collect();
    let allowed: Vec<&str> = API_ROUTES
        .iter()
        .filter(|(template, _)| {
            template.len() == segments.len()
                && template
                    .iter()
                    .zip(&segments)
                    .all(|(expected, actual)| expected.starts_with('{') || expected == actual)
        })
        .flat_map(|(_, methods)| methods.iter().map(String::as_str))
        .collect();
    if !allowed.is_empty() {
        let mut response = error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            &format!(
                "{} is not allowed here; use {}",
                request.method(),
                allowed.join(", ")
            ),
        );
        if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&allowed.join(", ")) {
            response
                .headers_mut()
                .insert(actix_web::http::header::ALLOW, value);
        }
        return response;
    }
    error_response(
        StatusCode::NOT_FOUND,
        "not_found",
        &format!("no endpoint {} {}", request.method(), request.path()),
    )
}

fn query_error(error: QueryPayloadError, _request: &HttpRequest) -> actix_web::Error {
    let response = error_response(
        StatusCode::BAD_REQUEST,
        "invalid_query",
        &format!("the query string is invalid: {error}"),
    );
    actix_web::error::InternalError::from_response(error, response).into()
}

fn path_error(error: PathError, _request: &HttpRequest) -> actix_web::Error {
    let response = error_response(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such resource (the id in the path is not a number)",
    );
    actix_web::error::InternalError::from_response(error, response).into()
}
