//! Real backend processes for one test — Redis, osmem (Elasticsearch API), MailDev, an OAuth
//! provider, and `tidings` processes — each private to the test and stopped when it ends.

use std::time::Duration;

use super::*;
use serde_json::Value;
use tidings::config::Settings;

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

/// Two `tidings serve` processes sharing one fresh database and one private Redis: what a
/// scale-out test writes through one and reads through the other.
pub struct TwoProcesses {
    pub a: Remote,
    pub b: Remote,
    // Dropped in this order: the processes stop before their Redis and database go.
    _processes: [ServerProcess; 2],
    _redis: RedisServer,
    _database: TestDatabase,
}

impl TwoProcesses {
    /// `None` when `make test` found no Redis on this machine (CI never allows that).
    pub async fn start() -> Option<TwoProcesses> {
        if !RedisServer::available() {
            return None;
        }
        let database = TestDatabase::create().await;
        let redis = RedisServer::start();
        let processes = [
            ServerProcess::spawn(&database.url, Some(&redis.url())),
            ServerProcess::spawn(&database.url, Some(&redis.url())),
        ];
        Some(TwoProcesses {
            a: Remote::new(processes[0].address.clone()),
            b: Remote::new(processes[1].address.clone()),
            _processes: processes,
            _redis: redis,
            _database: database,
        })
    }
}

impl TwoProcesses {
    /// `tidings …` against the processes' database, its cache changes published through their
    /// Redis.
    pub fn command(&self) -> std::process::Command {
        let mut command = tidings_command(&self._database.url);
        command.env("TIDINGS_REDIS_URL", self._redis.url());
        command
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

    /// The raw message (every header, as sent) of a message from `messages`.
    pub async fn source(&self, message: &Value) -> String {
        let id = message["id"].as_str().unwrap_or_default();
        self.client
            .get(format!(
                "http://127.0.0.1:{}/api/email/{id}/source",
                self.web_port
            ))
            .send()
            .await
            .expect("maildev answers")
            .text()
            .await
            .unwrap_or_default()
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
