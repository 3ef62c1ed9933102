//! The test harness: a real `tidings` application per test, its own database, a typed client.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, EntityTrait};
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use tidings::config::Settings;
use tidings::session::tokens::TokenKeys;
use tidings::startup::Application;

/// Which SQL backend this run uses, from `TIDINGS_TEST_DATABASE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    MySql,
}

impl Backend {
    pub fn from_env() -> Backend {
        match std::env::var("TIDINGS_TEST_DATABASE").as_deref() {
            Ok("postgres") => Backend::Postgres,
            Ok("mysql") | Ok("mariadb") => Backend::MySql,
            _ => Backend::Sqlite,
        }
    }

    fn admin_url(self) -> String {
        match self {
            Backend::Postgres => std::env::var("TIDINGS_TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres:postgres@127.0.0.1:5432/postgres".into()),
            Backend::MySql => std::env::var("TIDINGS_TEST_MYSQL_URL")
                .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into()),
            Backend::Sqlite => String::new(),
        }
    }
}

/// A database created for one test and dropped after it.
pub struct TestDatabase {
    backend: Backend,
    name: String,
    pub url: String,
}

impl TestDatabase {
    pub async fn create() -> TestDatabase {
        let backend = Backend::from_env();
        let name = format!("tidings_test_{}", uuid::Uuid::new_v4().simple());
        let url = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join("tidings-tests");
                std::fs::create_dir_all(&dir).expect("temp dir");
                format!(
                    "sqlite://{}?mode=rwc",
                    dir.join(format!("{name}.db")).display()
                )
            }
            Backend::Postgres | Backend::MySql => {
                let admin_url = backend.admin_url();
                let admin = Database::connect(&admin_url).await.unwrap_or_else(|error| {
                    panic!("cannot reach the {backend:?} test server at {admin_url}: {error}")
                });
                let create = match backend {
                    Backend::MySql => format!(
                        "CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
                    ),
                    _ => format!("CREATE DATABASE {name}"),
                };
                admin
                    .execute_unprepared(&create)
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(base, _)| base)
                    .unwrap_or(&admin_url);
                format!("{base}/{name}")
            }
        };
        TestDatabase { backend, name, url }
    }

    fn drop_blocking(&self) {
        let backend = self.backend;
        let name = self.name.clone();
        let url = self.url.clone();
        // Drop runs outside any runtime we may block on; do the async clean-up on a thread.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async move {
                match backend {
                    Backend::Sqlite => {
                        let path = url
                            .trim_start_matches("sqlite://")
                            .trim_end_matches("?mode=rwc")
                            .to_string();
                        for suffix in ["", "-wal", "-shm"] {
                            let _ = std::fs::remove_file(format!("{path}{suffix}"));
                        }
                    }
                    Backend::Postgres | Backend::MySql => {
                        if let Ok(admin) = Database::connect(backend.admin_url()).await {
                            let sql = match backend {
                                Backend::Postgres => {
                                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                                }
                                _ => format!("DROP DATABASE IF EXISTS {name}"),
                            };
                            let _ = admin.execute_unprepared(&sql).await;
                            let _ = admin.close().await;
                        }
                    }
                }
            });
        })
        .join();
    }
}

/// A client for one server: the address and an HTTP client, with JSON helpers.
pub struct Remote {
    pub address: String,
    pub client: reqwest::Client,
}

impl Remote {
    pub fn new(address: String) -> Remote {
        Remote {
            address,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .expect("http client"),
        }
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

impl Drop for TestDatabase {
    fn drop(&mut self) {
        self.drop_blocking();
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
            reply = self
                .post(
                    "/api/v1/auth/login",
                    None,
                    json!({"login": name, "password": password}),
                )
                .await;
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

/// A private `redis-server` for one test, on its own port, keeping nothing on disk.
pub struct RedisServer {
    pub port: u16,
    child: Option<std::process::Child>,
}

impl RedisServer {
    /// False only when `make test` found no redis-server and said so (CI never allows that).
    pub fn available() -> bool {
        if std::env::var("TIDINGS_TEST_SKIP_REDIS").is_ok_and(|value| value == "1") {
            eprintln!("SKIPPED: REDIS IS NOT INSTALLED ON THIS MACHINE");
            return false;
        }
        true
    }

    pub fn start() -> RedisServer {
        let mut server = RedisServer {
            port: free_port(),
            child: None,
        };
        server.restart();
        server
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Starts (again) on the same port; an empty Redis, like one that lost its memory.
    pub fn restart(&mut self) {
        let child = std::process::Command::new("redis-server")
            .args([
                "--port",
                &self.port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server is installed (make test installs it)");
        self.child = Some(child);
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("redis-server did not start on port {}", self.port);
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Runs one redis-cli command against this server and returns its output, trimmed.
    pub fn cli(&self, args: &[&str]) -> String {
        let output = std::process::Command::new("redis-cli")
            .args(["-p", &self.port.to_string()])
            .args(args)
            .output()
            .expect("redis-cli is installed");
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    /// Makes Redis stop answering (every client blocked) for `millis`, keeping its data.
    pub fn pause(&self, millis: u64) {
        let status = std::process::Command::new("redis-cli")
            .args([
                "-p",
                &self.port.to_string(),
                "CLIENT",
                "PAUSE",
                &millis.to_string(),
                "ALL",
            ])
            .stdout(std::process::Stdio::null())
            .status()
            .expect("redis-cli is installed");
        assert!(status.success());
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Processes sharing a test database share its data folder (and so its tantivy index), as
/// processes on one machine do.
pub fn data_dir_for(database_url: &str) -> std::path::PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    database_url.hash(&mut hasher);
    std::env::temp_dir()
        .join("tidings-tests")
        .join(format!("db-{:016x}", hasher.finish()))
}

/// The `tidings` binary (built next to the tests) with the test database and secret set.
pub fn tidings_command(database_url: &str) -> std::process::Command {
    // Integration tests live in target/<profile>/deps; the binary one level up.
    let binary = std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.parent()
                .and_then(|deps| deps.parent())
                .map(|dir| dir.join("tidings"))
        })
        .filter(|path| path.exists())
        .expect("the tidings binary is built next to the tests (cargo build --workspace)");
    let mut command = std::process::Command::new(binary);
    command
        .env("TIDINGS_DATABASE_URL", database_url)
        .env(
            "TIDINGS_JWT_SECRET",
            "test-secret-that-is-long-enough-for-hs256-use",
        )
        .env("TIDINGS_DATA_DIR", data_dir_for(database_url))
        .env("RUST_LOG", "warn");
    command
}

/// A `tidings serve` OS process, for tests that need several processes sharing one database
/// and one Redis.
pub struct ServerProcess {
    pub address: String,
    child: std::process::Child,
}

impl ServerProcess {
    pub fn spawn(database_url: &str, redis_url: Option<&str>) -> ServerProcess {
        let env: Vec<(String, String)> = redis_url
            .map(|url| ("TIDINGS_REDIS_URL".to_string(), url.to_string()))
            .into_iter()
            .collect();
        ServerProcess::spawn_with(database_url, &env)
    }

    /// `tidings serve` with extra settings.
    pub fn spawn_with(database_url: &str, env: &[(String, String)]) -> ServerProcess {
        use std::io::BufRead;
        // Integration tests live in target/<profile>/deps; the binary one level up.
        let binary = std::env::current_exe()
            .ok()
            .and_then(|exe| {
                exe.parent()
                    .and_then(|deps| deps.parent())
                    .map(|dir| dir.join("tidings"))
            })
            .filter(|path| path.exists())
            .expect("the tidings binary is built next to the tests (cargo build --workspace)");
        let mut command = std::process::Command::new(binary);
        command
            .arg("serve")
            .env("TIDINGS_BIND", "127.0.0.1:0")
            .env("TIDINGS_DATABASE_URL", database_url)
            .env(
                "TIDINGS_JWT_SECRET",
                "test-secret-that-is-long-enough-for-hs256-use",
            )
            .env("TIDINGS_DATA_DIR", data_dir_for(database_url))
            .env(
                "TIDINGS_WEB_DIR",
                std::env::temp_dir().join("tidings-tests/no-web-app"),
            )
            .env("TIDINGS_WORKERS", "2")
            // As in `test_settings`: these tests register and write at once.
            .env("TIDINGS_REQUIRE_CONFIRMED_EMAIL", "false")
            .env("TIDINGS_RATE_LIMIT_PER_IP", "0")
            .env("TIDINGS_RATE_LIMIT_PER_ACCOUNT", "0")
            .stdout(std::process::Stdio::piped());
        command.envs(env.iter().map(|(key, value)| (key, value)));
        let mut child = command.spawn().expect("tidings serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = std::io::BufReader::new(stdout).lines();
        let address = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(address) = line.strip_prefix("Tidings is listening on ") {
                        break address.trim().to_string();
                    }
                }
                _ => panic!("tidings serve exited before listening"),
            }
        };
        // Keep draining stdout so the process never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        ServerProcess { address, child }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads one sample from a Prometheus text page, e.g.
/// `metric(&text, "tidings_cache_loads_total{keyspace=\"post\"}")`.
pub fn metric(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| {
            line.strip_prefix(series)
                .and_then(|rest| rest.trim().parse::<f64>().ok())
        })
        .unwrap_or(0.0)
}

/// A private osmem-server (the Elasticsearch REST API, in memory) for one test, on its own
/// port. `make test` installs it and passes its path in `TIDINGS_TEST_OSMEM`.
pub struct SearchServer {
    pub port: u16,
    binary: String,
    child: Option<std::process::Child>,
}

impl SearchServer {
    /// False (and a loud note) when the binary is not there; `make test` with CI=true fails then.
    pub fn available() -> bool {
        match std::env::var("TIDINGS_TEST_OSMEM") {
            Ok(path) if std::path::Path::new(&path).exists() => true,
            _ => {
                eprintln!("SKIPPED: NO ELASTICSEARCH TEST SERVER (TIDINGS_TEST_OSMEM)");
                false
            }
        }
    }

    pub fn start() -> SearchServer {
        let mut server = SearchServer {
            port: free_port(),
            binary: std::env::var("TIDINGS_TEST_OSMEM").expect("TIDINGS_TEST_OSMEM"),
            child: None,
        };
        server.restart();
        server
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts (again) on the same port, empty.
    pub fn restart(&mut self) {
        let child = std::process::Command::new(&self.binary)
            .args([
                "-addr",
                &format!("127.0.0.1:{}", self.port),
                "-no-stdin-watch",
                "-no-ja",
            ])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("osmem-server starts");
        self.child = Some(child);
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("osmem-server did not start on port {}", self.port);
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for SearchServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A private MailDev (an SMTP server that keeps what it receives and shows it over HTTP) for one
/// test. `make test` installs it and passes its path in `TIDINGS_TEST_MAILDEV`.
pub struct MailServer {
    pub smtp_port: u16,
    pub web_port: u16,
    child: std::process::Child,
    client: reqwest::Client,
}

impl MailServer {
    /// False (and a loud note) when MailDev is not installed; `make test` with CI=true fails then.
    pub fn available() -> bool {
        match std::env::var("TIDINGS_TEST_MAILDEV") {
            Ok(path) if std::path::Path::new(&path).exists() => true,
            _ => {
                eprintln!("SKIPPED: NO SMTP CAPTURE SERVER (TIDINGS_TEST_MAILDEV)");
                false
            }
        }
    }

    pub fn start() -> MailServer {
        tidings::crawl::fetch::install_tls_provider();
        let binary = std::env::var("TIDINGS_TEST_MAILDEV").expect("TIDINGS_TEST_MAILDEV");
        let smtp_port = free_port();
        let web_port = free_port();
        let child = std::process::Command::new(binary)
            .args([
                "--ip",
                "127.0.0.1",
                "--web-ip",
                "127.0.0.1",
                "-s",
                &smtp_port.to_string(),
                "-w",
                &web_port.to_string(),
            ])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("maildev starts");
        let server = MailServer {
            smtp_port,
            web_port,
            child,
            client: reqwest::Client::new(),
        };
        for _ in 0..400 {
            if std::net::TcpStream::connect(("127.0.0.1", smtp_port)).is_ok()
                && std::net::TcpStream::connect(("127.0.0.1", web_port)).is_ok()
            {
                return server;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("maildev did not start on ports {smtp_port}/{web_port}");
    }

    /// What `TIDINGS_SMTP_URL` should be. MailDev speaks plain SMTP and (like any server
    /// built on smtp-server) offers no AUTH without TLS, so there are no credentials here.
    pub fn smtp_url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none", self.smtp_port)
    }

    /// Every message received so far (`subject`, `text`, `html`, `to[].address`, …).
    pub async fn messages(&self) -> Vec<Value> {
        let Ok(response) = self
            .client
            .get(format!("http://127.0.0.1:{}/api/email", self.web_port))
            .send()
            .await
        else {
            return Vec::new();
        };
        response.json::<Vec<Value>>().await.unwrap_or_default()
    }

    /// Waits for the `count`-th message to `to` and returns the messages to `to`.
    pub async fn wait_for(&self, to: &str, count: usize) -> Vec<Value> {
        eventually(20, &format!("{count} mail(s) to {to}"), || async {
            let mine: Vec<Value> = self
                .messages()
                .await
                .into_iter()
                .filter(|message| {
                    message["to"]
                        .as_array()
                        .is_some_and(|list| list.iter().any(|item| item["address"] == to))
                })
                .collect();
            (mine.len() >= count).then_some(mine)
        })
        .await
    }
}

impl Drop for MailServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The token in a `…?token=…` link inside `text`.
pub fn link_token(text: &str) -> String {
    let start = text.find("token=").expect("a link with a token") + "token=".len();
    text[start..]
        .chars()
        .take_while(|character| character.is_ascii_alphanumeric() || "-_".contains(*character))
        .collect()
}

/// A private OAuth2 / OpenID Connect provider (npm `oauth2-mock-server`, driven by
/// `tests/scripts/oauth-provider.mjs`) for one test. `make test` installs the package and
/// passes its folder in `TIDINGS_TEST_OAUTH_MOCK`.
pub struct OAuthProvider {
    pub port: u16,
    child: std::process::Child,
}

impl OAuthProvider {
    /// False (and a loud note) when the package is not installed; CI never allows that.
    pub fn available() -> bool {
        match std::env::var("TIDINGS_TEST_OAUTH_MOCK") {
            Ok(path) if std::path::Path::new(&path).exists() => true,
            _ => {
                eprintln!("SKIPPED: NO OAUTH PROVIDER (TIDINGS_TEST_OAUTH_MOCK)");
                false
            }
        }
    }

    pub fn start() -> OAuthProvider {
        use std::io::BufRead;
        tidings::crawl::fetch::install_tls_provider();
        let package = std::env::var("TIDINGS_TEST_OAUTH_MOCK").expect("TIDINGS_TEST_OAUTH_MOCK");
        let script =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/oauth-provider.mjs");
        let mut child = std::process::Command::new("node")
            .arg(script)
            .arg(package)
            // The provider exits when this end of its stdin closes (the test ended).
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .expect("node starts the OAuth provider");
        let stdout = child.stdout.take().expect("provider stdout");
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("provider prints its port");
        let port = line
            .trim()
            .strip_prefix("listening ")
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("unexpected provider output: {line:?}"));
        OAuthProvider { port, child }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Sets who the provider says is signing in (`sub`, `login`, `name`, `email`,
    /// `email_verified`, `picture`, `public_email`, `forge_nonce`, `forge_audience`).
    pub async fn set_identity(&self, identity: Value) {
        let response = reqwest::Client::new()
            .post(format!("{}/__identity", self.url()))
            .json(&identity)
            .send()
            .await
            .expect("provider answers");
        assert!(response.status().is_success());
    }

    /// Settings for a server that offers both GitHub and OIDC sign-in through this provider.
    pub fn configure(&self, settings: &mut Settings) {
        settings.github_client_id = Some("tidings-github".into());
        settings.github_client_secret = Some("github-secret".to_string().into());
        settings.github_authorize_url = format!("{}/authorize", self.url());
        settings.github_token_url = format!("{}/token", self.url());
        settings.github_api_url = self.url();
        settings.oidc_issuer = Some(self.url());
        settings.oidc_client_id = Some("tidings-oidc".into());
        settings.oidc_client_secret = Some("oidc-secret".to_string().into());
        settings.oidc_name = "Example ID".into();
    }
}

impl Drop for OAuthProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the tests' tiny loopback HTTP servers read of a request: its path and lower-cased
/// headers.
#[derive(Debug, Clone)]
pub struct RequestHead {
    pub path: String,
    pub headers: std::collections::HashMap<String, String>,
}

/// Starts a tiny HTTP/1.1 server on a fresh loopback port (one request per connection) that
/// hands each request's head and stream to `respond`; returns the port. For fixtures the
/// server fetches (feeds, pictures), where the tests control every byte of the answer.
pub async fn serve_loopback<Respond, Answer>(respond: Respond) -> u16
where
    Respond: Fn(tokio::net::TcpStream, RequestHead) -> Answer + Send + Sync + 'static,
    Answer: std::future::Future<Output = std::io::Result<()>> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback server");
    let port = listener.local_addr().expect("address").port();
    let respond = std::sync::Arc::new(respond);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let respond = respond.clone();
            tokio::spawn(async move {
                if let Ok(Some(head)) = read_request_head(&mut stream).await {
                    let _ = respond(stream, head).await;
                }
            });
        }
    });
    port
}

async fn read_request_head(
    stream: &mut tokio::net::TcpStream,
) -> std::io::Result<Option<RequestHead>> {
    use tokio::io::AsyncReadExt;
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            return Ok(None);
        }
        head.extend_from_slice(&buffer[..read]);
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.split("\r\n");
    let path = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .unwrap_or("/")
        .to_string();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    Ok(Some(RequestHead { path, headers }))
}
