//! The application under test: the server on port 0 in this process, a typed JSON client, and
//! the helpers that sign people up and write through the API.

use std::time::Duration;

use super::*;
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, EntityTrait};
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use tidings::config::Settings;
use tidings::session::tokens::TokenKeys;
use tidings::startup::Application;

/// A client for one server: the address and an HTTP client, with JSON helpers.
pub struct Remote {
    pub address: String,
    pub client: reqwest::Client,
}

impl Remote {
    pub fn new(address: String) -> Remote {
        // The TLS provider, as `main` installs it (a test may build a client before any app).
        tidings::crawl::fetch::install_tls_provider();
        Remote {
            address,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .expect("http client"),
        }
    }

    /// The server's Prometheus page (`/metrics`).
    pub async fn metrics(&self) -> String {
        self.client
            .get(format!("{}/metrics", self.address))
            .send()
            .await
            .expect("metrics")
            .text()
            .await
            .unwrap_or_default()
    }

    /// One sample of `/metrics`, e.g. `remote.metric("tidings_db_queries_total").await`.
    pub async fn metric(&self, series: &str) -> f64 {
        metric(&self.metrics().await, series)
    }
}

pub struct TestApp {
    pub api: Remote,
    /// The test's own connection to the server's database, for asserting stored state.
    pub db: DatabaseConnection,
    /// The server's token keys, to mint sessions for bulk users.
    pub tokens: TokenKeys,
    server: Option<(actix_web::dev::ServerHandle, std::thread::JoinHandle<()>)>,
    /// Settings a `tidings` command needs to reach this app's job queue and search index.
    pub job_env: Vec<(String, String)>,
    data_dir: std::path::PathBuf,
    /// Dropped after the server (fields drop in order), so the database outlives it.
    pub database: TestDatabase,
    /// MySQL keeps its jobs in Redis: a private one per test.
    _job_redis: Option<RedisServer>,
}

impl TestApp {
    /// The server's `data_dir` (its file outbox is `outbox/` in it).
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// `tidings …` against this app's database and job queue.
    pub fn command(&self) -> std::process::Command {
        let mut command = tidings_command(&self.database.url);
        command.envs(self.job_env.iter().map(|(key, value)| (key, value)));
        command
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((handle, thread)) = self.server.take() {
            // The server runs on its own thread and runtime, so it can process the stop command
            // while this thread waits for it.
            let _ = std::thread::spawn(move || {
                if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    runtime.block_on(handle.stop(false));
                }
            })
            .join();
            let _ = thread.join();
        }
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

pub fn test_settings(database_url: &str) -> Settings {
    Settings {
        bind: "127.0.0.1:0".into(),
        database_url: database_url.to_string().into(),
        database_max_connections: 12,
        jwt_secret: Some(
            "test-secret-that-is-long-enough-for-hs256-use"
                .to_string()
                .into(),
        ),
        workers: Some(2),
        job_backoff_ms: 50,
        job_queue: format!("tidings-test-{}", uuid::Uuid::new_v4().simple()),
        // Per test: the tantivy index lives here.
        data_dir: std::env::temp_dir()
            .join("tidings-tests")
            .join(uuid::Uuid::new_v4().simple().to_string()),
        web_dir: std::env::temp_dir().join("tidings-tests/no-web-app"),
        // Most tests register and write at once, from one address: the account tests turn
        // these back on.
        require_confirmed_email: false,
        rate_limit_per_ip: 0,
        rate_limit_per_account: 0,
        ..Settings::default()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts a server exactly as `tidings serve` does, on its own thread and runtime.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    // As `main` does: the ring provider for rustls, before any HTTPS client is built.
    tidings::crawl::fetch::install_tls_provider();
    let database = TestDatabase::create().await;
    let mut settings = test_settings(&database.url);
    configure(&mut settings);
    let job_redis = (Backend::from_env() == Backend::MySql
        && settings.redis_url.is_none()
        && settings.job_redis_url.is_none())
    .then(RedisServer::start);
    if let Some(redis) = &job_redis {
        settings.job_redis_url = Some(redis.url().into());
    }
    let data_dir = settings.data_dir.clone();
    let mut job_env = vec![
        (
            "TIDINGS_DATA_DIR".to_string(),
            settings.data_dir.display().to_string(),
        ),
        ("TIDINGS_JOB_QUEUE".to_string(), settings.job_queue.clone()),
        (
            "TIDINGS_JOB_MAX_ATTEMPTS".to_string(),
            settings.job_max_attempts.to_string(),
        ),
        (
            "TIDINGS_JOB_BACKOFF_MS".to_string(),
            settings.job_backoff_ms.to_string(),
        ),
        // Commands (import-feed, workers) publish under the same rule as the server.
        (
            "TIDINGS_REQUIRE_CONFIRMED_EMAIL".to_string(),
            settings.require_confirmed_email.to_string(),
        ),
    ];
    for (key, url) in [
        ("TIDINGS_REDIS_URL", &settings.redis_url),
        ("TIDINGS_JOB_REDIS_URL", &settings.job_redis_url),
        ("TIDINGS_ELASTICSEARCH_URL", &settings.elasticsearch_url),
    ] {
        if let Some(url) = url {
            job_env.push((key.to_string(), url.expose_secret().to_string()));
        }
    }
    let tokens = TokenKeys::from_settings(&settings).expect("token keys");
    let (ready, started) = tokio::sync::oneshot::channel();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async move {
            match Application::build(settings).await {
                Ok(application) => {
                    let _ = ready.send(Ok((application.port(), application.server_handle())));
                    let _ = application.run_until_stopped().await;
                }
                Err(error) => {
                    let _ = ready.send(Err(format!("{error:#}")));
                }
            }
        });
    });
    let (port, handle) = match started.await {
        Ok(Ok(started)) => started,
        Ok(Err(error)) => panic!("the application failed to start: {error}"),
        Err(_) => panic!("the server thread died"),
    };
    let db = Database::connect(&database.url)
        .await
        .expect("test connection to the database");
    TestApp {
        api: Remote::new(format!("http://127.0.0.1:{port}")),
        db,
        tokens,
        server: Some((handle, thread)),
        job_env,
        data_dir,
        database,
        _job_redis: job_redis,
    }
}

/// Polls `check` until it returns `Some` (or panics after `seconds`), for effects that jobs
/// bring about after the request returned.
pub async fn eventually<T, F, Fut>(seconds: u64, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = std::time::Instant::now() + Duration::from_secs(seconds);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out after {seconds} s waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A signed-in user as the tests see it.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: i64,
    pub password: String,
    pub access_token: String,
    pub refresh_token: String,
}

/// A response: status, headers we care about and the JSON body (Null when empty).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub request_id: Option<String>,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

impl Remote {
    pub async fn request(
        &self,
        method: Method,
        path: impl AsRef<str>,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut request = self
            .client
            .request(method, format!("{}{}", self.address, path.as_ref()));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request reaches the server");
        let status = response.status();
        let request_id = response
            .headers()
            .get("x-request-id")
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let text = response.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Reply {
            status,
            body,
            request_id,
        }
    }

    pub async fn get(&self, path: impl AsRef<str>, token: Option<&str>) -> Reply {
        self.request(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: impl AsRef<str>, token: Option<&str>, body: Value) -> Reply {
        self.request(Method::POST, path, token, Some(body)).await
    }

    pub async fn put(&self, path: impl AsRef<str>, token: Option<&str>) -> Reply {
        self.request(Method::PUT, path, token, None).await
    }

    pub async fn patch(&self, path: impl AsRef<str>, token: Option<&str>, body: Value) -> Reply {
        self.request(Method::PATCH, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: impl AsRef<str>, token: Option<&str>) -> Reply {
        self.request(Method::DELETE, path, token, None).await
    }

    /// `POST /auth/login` with a login (name or email) and a password.
    pub async fn login(&self, login: impl AsRef<str>, password: impl AsRef<str>) -> Reply {
        self.post(
            "/api/v1/auth/login",
            None,
            json!({"login": login.as_ref(), "password": password.as_ref()}),
        )
        .await
    }

    /// Registers through the API (argon2 and all). Where addresses must be confirmed the sign-up
    /// answers 202 and the new (unconfirmed) account then signs in with its password.
    pub async fn register(&self, name: &str) -> TestUser {
        let password = format!("{name}-password-1");
        let mut reply = self
            .post(
                "/api/v1/auth/register",
                None,
                json!({"name": name, "email": format!("{name}@example.com"), "password": password}),
            )
            .await;
        if reply.status == StatusCode::ACCEPTED {
            assert_eq!(
                reply.body["status"], "confirmation_sent",
                "{:?}",
                reply.body
            );
            reply = self.login(name, &password).await;
            assert_eq!(
                reply.status,
                StatusCode::OK,
                "sign in {name}: {:?}",
                reply.body
            );
        } else {
            assert_eq!(
                reply.status,
                StatusCode::CREATED,
                "register {name}: {:?}",
                reply.body
            );
        }
        TestUser {
            id: reply.body["user"]["id"].as_i64().expect("user id"),
            password,
            access_token: reply.body["access_token"]
                .as_str()
                .expect("access")
                .to_string(),
            refresh_token: reply.body["refresh_token"]
                .as_str()
                .expect("refresh")
                .to_string(),
        }
    }

    pub async fn create_post(&self, user: &TestUser, title: &str, tags: &[&str]) -> Value {
        let reply = self
            .post(
                "/api/v1/posts",
                Some(&user.access_token),
                json!({"title": title, "content": format!("Body of *{title}*"), "tags": tags}),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "create post: {:?}",
            reply.body
        );
        reply.body
    }
}

impl std::ops::Deref for TestApp {
    type Target = Remote;

    fn deref(&self) -> &Remote {
        &self.api
    }
}

impl TestApp {
    /// Many users at once for concurrency tests: rows written directly and access tokens minted
    /// with the server's keys, so the test measures the API under test and not argon2.
    pub async fn bulk_users(&self, count: usize, prefix: &str) -> Vec<TestUser> {
        let mut created = Vec::with_capacity(count);
        for index in 0..count {
            let name = format!("{prefix}{index}");
            let email = format!("{name}@example.com");
            let id = tidings::users::repo::insert(&self.db, name, email, None)
                .await
                .expect("insert user");
            // A live session row, as a sign-in makes: access tokens of unknown sessions are
            // refused.
            let session = uuid::Uuid::new_v4().to_string();
            let (_, hash) = tidings::session::tokens::new_refresh_token();
            tidings::auth::repo::insert_refresh_token(
                &self.db,
                id,
                &session,
                hash,
                chrono::Utc::now() + chrono::Duration::days(1),
            )
            .await
            .expect("insert session");
            let access_token = self.tokens.issue_access(id, &session).expect("token");
            created.push(TestUser {
                id,
                password: String::new(),
                access_token,
                refresh_token: String::new(),
            });
        }
        created
    }

    /// A post written straight into the database, so no cache has seen it.
    pub async fn insert_post_directly(&self, author_id: i64, title: &str) -> i64 {
        use sea_orm::ActiveValue::Set;
        use tidings::entity::posts;
        let now = chrono::Utc::now();
        posts::Entity::insert(posts::ActiveModel {
            author_id: Set(author_id),
            title: Set(title.into()),
            orig_url: Set(None),
            content: Set("Written *directly*".into()),
            excerpt: Set("Written directly".into()),
            can_comment: Set(true),
            like_count: Set(0),
            collect_count: Set(0),
            comment_count: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(&self.db)
        .await
        .expect("insert post")
        .last_insert_id
    }

    /// `SELECT COUNT(*)` straight from the database, for asserting stored state.
    pub async fn count_rows(&self, sql_where: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) AS n FROM {sql_where}");
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                sql,
            ))
            .await
            .expect("count query")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("count")
    }
}

/// The ids of a list reply's items, in order.
pub fn ids(reply: &Reply) -> Vec<i64> {
    reply.body["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item["id"].as_i64())
                .collect()
        })
        .unwrap_or_default()
}

/// A free loopback port (bound and released; good enough for a test server).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}
