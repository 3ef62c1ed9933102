//! Settings: built-in defaults, then an optional TOML file, then `TIDINGS_*` environment variables.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Address `tidings serve` listens on; port 0 picks a free port.
    pub bind: String,
    /// `sqlite://…`, `postgres://…` or `mysql://…`.
    pub database_url: SecretString,
    pub database_max_connections: u32,
    /// Seconds to wait for a database connection (at start-up, and for a pooled one later).
    pub database_connect_timeout_secs: u64,
    /// Where the embedded defaults keep their files (SQLite database, generated JWT secret).
    pub data_dir: PathBuf,
    /// HS256 secret for access tokens; generated and kept in `data_dir` when unset.
    pub jwt_secret: Option<SecretString>,
    pub access_token_ttl_secs: u64,
    pub refresh_token_ttl_days: i64,
    /// The built web app (`web/dist`), served at `/`.
    pub web_dir: PathBuf,
    /// HTTP worker threads; defaults to the number of cores.
    pub workers: Option<usize>,
    /// Largest JSON body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Largest avatar image accepted (an upload's file part, or a fetched remote image), in bytes.
    pub avatar_max_bytes: usize,
    /// Redis for the shared cache level and cross-process invalidation; unset = in-process only.
    pub redis_url: Option<SecretString>,
    /// Memory bound of the in-process cache level, in bytes; 0 turns it off.
    pub cache_l1_bytes: u64,
    /// How long a cached value lives.
    pub cache_ttl_secs: u64,
    /// How long "no such row" is remembered.
    pub cache_negative_ttl_secs: u64,
    /// Per-operation Redis timeout; past it a read falls through to the database.
    pub redis_timeout_ms: u64,
    /// Posts kept in each Redis home timeline.
    pub timeline_cap: u64,
    /// Authors with more followers than this are not fanned out; their posts are merged into
    /// timelines at read time.
    pub timeline_big_account_followers: i64,
    /// Likes that put a post into the hot pool blended into every timeline.
    pub hot_like_threshold: i64,
    /// Posts the hot pool keeps (the newest).
    pub hot_pool_size: u64,
    /// Redis for the job queue when it should differ from `redis_url` (which it defaults to).
    /// Without either, jobs are kept in the SQL database (SQLite, PostgreSQL).
    pub job_redis_url: Option<SecretString>,
    /// The queue's name (a key prefix in Redis, a column value in SQL).
    pub job_queue: String,
    /// Elasticsearch for search and hot ranking; unset = the embedded tantivy index in
    /// `data_dir/search`.
    pub elasticsearch_url: Option<SecretString>,
    /// The alias searches go through (versioned indices `<alias>-<millis>` behind it).
    pub elasticsearch_index: String,
    /// Hot ranking: gauss(age; offset, scale, decay) × (likes·w + collects·w + comments·w + floor).
    pub hot_offset_days: f64,
    pub hot_scale_days: f64,
    pub hot_decay: f64,
    pub hot_like_weight: f64,
    pub hot_collect_weight: f64,
    pub hot_comment_weight: f64,
    pub hot_floor: f64,
    /// Whether `tidings serve` runs job workers too (separate `tidings worker` processes can).
    pub jobs_in_process: bool,
    /// Jobs one process runs at once.
    pub job_concurrency: usize,
    /// Attempts before a job is kept as failed.
    pub job_max_attempts: u32,
    /// First retry delay; each further retry waits twice as long.
    pub job_backoff_ms: u64,
    /// How often each feed source is polled, in seconds.
    pub feed_poll_interval_secs: u64,
    /// Up to this many seconds are added at random to each poll's time, so sources registered
    /// together do not all fall due together.
    pub feed_poll_jitter_secs: u64,
    /// How often the feed scheduler looks for due sources (where job workers run).
    pub feed_scheduler_interval_secs: u64,
    /// The least time between two notification mails to one person; what comes meanwhile is
    /// batched into the next.
    pub notification_mail_interval_secs: u64,
    /// Event streams (`/me/notifications/stream`) one process holds open at most.
    pub max_event_streams: usize,
    /// Whether the public moderation log names the moderator of each action to everyone
    /// (moderators always see the names).
    pub modlog_show_moderators: bool,
    /// Comma-separated CIDRs (`10.0.0.0/8`, `127.0.0.1`) and host names (`intranet.example`)
    /// the feed fetcher may reach although they are loopback, private or otherwise internal.
    pub feed_fetch_allow: String,
    /// Largest feed body fetched, in bytes.
    pub feed_fetch_max_bytes: usize,
    /// Time limit for one fetch, redirects and body included.
    pub feed_fetch_timeout_secs: u64,
    /// Redirects a fetch follows (each one checked like the first address).
    pub feed_fetch_max_redirects: u32,
    /// The web app's address, for links in mail (`/confirm-email?token=…`, `/reset-password?token=…`).
    pub public_url: String,
    /// `smtp://user:pass@host:port?tls=starttls|tls|none`; unset = mail is written as `.eml`
    /// files under `data_dir/outbox` and its links are logged.
    pub smtp_url: Option<SecretString>,
    /// The `From` of every mail.
    pub mail_from: String,
    /// A folder of template overrides (`confirm.subject.txt`, `confirm.txt`, `confirm.html`, …).
    pub mail_templates_dir: Option<PathBuf>,
    /// Whether an account must confirm its email address before it posts, comments or follows.
    pub require_confirmed_email: bool,
    /// How long an email-confirmation link works.
    pub confirm_token_ttl_secs: u64,
    /// How long a password-reset link works.
    pub reset_token_ttl_secs: u64,
    /// The window of the abuse limits below, in seconds.
    pub rate_limit_window_secs: u64,
    /// Logins, registrations, reset and confirmation mails one IP address may ask for per window
    /// (each action counted apart); 0 turns the limit off.
    pub rate_limit_per_ip: u64,
    /// The same per account or email address.
    pub rate_limit_per_account: u64,
    /// A GitHub OAuth app (callback `{public_url}/api/v1/auth/oauth/github/callback`); both
    /// set = "Sign in with GitHub".
    pub github_client_id: Option<String>,
    pub github_client_secret: Option<SecretString>,
    pub github_authorize_url: String,
    pub github_token_url: String,
    /// GitHub's REST API (`/user`, `/user/emails`).
    pub github_api_url: String,
    /// An OpenID Connect issuer (discovery at `{issuer}/.well-known/openid-configuration`);
    /// with `oidc_client_id` = "Sign in with {oidc_name}". Callback
    /// `{public_url}/api/v1/auth/oauth/oidc/callback`.
    pub oidc_issuer: Option<String>,
    pub oidc_client_id: Option<String>,
    /// Unset for a public client (PKCE alone).
    pub oidc_client_secret: Option<SecretString>,
    /// What the sign-in button calls the OIDC provider.
    pub oidc_name: String,
    pub oidc_scopes: String,
    /// When set, `GET /metrics` requires `Authorization: Bearer <token>`; unset, it answers
    /// loopback clients only (a scraper on the same host or through a local proxy).
    pub metrics_token: Option<SecretString>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bind: "127.0.0.1:8080".into(),
            database_url: SecretString::from("sqlite://./data/tidings.db?mode=rwc"),
            database_max_connections: 16,
            database_connect_timeout_secs: 5,
            data_dir: PathBuf::from("./data"),
            jwt_secret: None,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_days: 30,
            web_dir: PathBuf::from("web/dist"),
            workers: None,
            max_body_bytes: 1024 * 1024,
            metrics_token: None,
            avatar_max_bytes: 2 * 1024 * 1024,
            redis_url: None,
            cache_l1_bytes: 64 * 1024 * 1024,
            cache_ttl_secs: 300,
            cache_negative_ttl_secs: 30,
            redis_timeout_ms: 50,
            timeline_cap: 1000,
            timeline_big_account_followers: 10_000,
            hot_like_threshold: 10,
            hot_pool_size: 1000,
            elasticsearch_url: None,
            elasticsearch_index: "tidings-posts".into(),
            hot_offset_days: 7.0,
            hot_scale_days: 10.0,
            hot_decay: 0.5,
            hot_like_weight: 2.0,
            hot_collect_weight: 1.0,
            hot_comment_weight: 1.0,
            hot_floor: 1.0,
            job_redis_url: None,
            job_queue: "tidings-jobs".into(),
            jobs_in_process: true,
            job_concurrency: 4,
            job_max_attempts: 5,
            job_backoff_ms: 1000,
            feed_poll_interval_secs: 3600,
            feed_poll_jitter_secs: 300,
            feed_scheduler_interval_secs: 30,
            notification_mail_interval_secs: 300,
            max_event_streams: 10_000,
            modlog_show_moderators: true,
            feed_fetch_allow: String::new(),
            feed_fetch_max_bytes: 5 * 1024 * 1024,
            feed_fetch_timeout_secs: 10,
            feed_fetch_max_redirects: 3,
            public_url: "http://127.0.0.1:8080".into(),
            smtp_url: None,
            mail_from: "Tidings <no-reply@tidings.local>".into(),
            mail_templates_dir: None,
            require_confirmed_email: true,
            confirm_token_ttl_secs: 6 * 3600,
            reset_token_ttl_secs: 3600,
            rate_limit_window_secs: 600,
            rate_limit_per_ip: 60,
            rate_limit_per_account: 10,
            github_client_id: None,
            github_client_secret: None,
            github_authorize_url: "https://github.com/login/oauth/authorize".into(),
            github_token_url: "https://github.com/login/oauth/access_token".into(),
            github_api_url: "https://api.github.com".into(),
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret: None,
            oidc_name: "OpenID Connect".into(),
            oidc_scopes: "openid profile email".into(),
        }
    }
}

impl Settings {
    /// Loads defaults, then `config_file` (or `./tidings.toml` when present), then the environment.
    pub fn load(config_file: Option<&Path>) -> Result<Settings, Box<figment::Error>> {
        // Every field has a default (`#[serde(default)]`), so an empty figment yields `Settings::default()`.
        let mut figment = Figment::new();
        match config_file {
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None => figment = figment.merge(Toml::file("tidings.toml")),
        }
        figment
            .merge(Env::prefixed("TIDINGS_"))
            .extract()
            .map_err(Box::new)
    }

    /// The database URL with any password replaced, safe to print.
    pub fn database_url_redacted(&self) -> String {
        redact_url(self.database_url.expose_secret())
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.expose_secret().starts_with("sqlite:")
    }
}

fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("****"));
            parsed.to_string()
        }
        _ => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_print() {
        assert_eq!(
            redact_url("postgres://app:hunter2@db:5432/tidings"),
            "postgres://app:****@db:5432/tidings"
        );
        assert_eq!(redact_url("sqlite://./x.db"), "sqlite://./x.db");
    }
}
