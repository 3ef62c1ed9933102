//! Content import from feeds: `/me/feeds` rules, polling RSS 2.0 / Atom 1.0 / JSON Feed from a
//! local HTTP server into posts (titles, links, tags, dates, Chinese text), conditional
//! re-fetches, changed feeds, malformed and oversized feeds, SSRF refusals, and the
//! `tidings import-feed` command.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

use crate::helpers::{RequestHead, TestApp, TestUser, eventually, serve_loopback, spawn_app_with};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/feeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|error| panic!("fixture {path}: {error}"))
}

/// What the feed server answers on one path.
#[derive(Clone)]
enum Answer {
    /// A document with an ETag and a Last-Modified date; conditional requests matching them
    /// get 304.
    Feed {
        body: Vec<u8>,
        content_type: &'static str,
        etag: String,
    },
    Redirect(String),
    /// `bytes` of XML-ish filler sent without a Content-Length, until the client hangs up.
    Huge(usize),
}

/// One request the feed server received: path and lower-cased headers.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    headers: HashMap<String, String>,
}

/// A tiny HTTP/1.1 server on 127.0.0.1 for feed fixtures, recording what it was asked.
struct FeedServer {
    port: u16,
    answers: Arc<Mutex<HashMap<String, Answer>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

const LAST_MODIFIED: &str = "Wed, 04 Nov 2026 10:00:00 GMT";

impl FeedServer {
    async fn start() -> FeedServer {
        let answers: Arc<Mutex<HashMap<String, Answer>>> = Arc::default();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let (task_answers, task_seen) = (answers.clone(), seen.clone());
        let port = serve_loopback(move |stream, head| {
            serve(stream, head, task_answers.clone(), task_seen.clone())
        })
        .await;
        FeedServer {
            port,
            answers,
            seen,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn set(&self, path: &str, answer: Answer) {
        self.answers
            .lock()
            .expect("answers")
            .insert(path.to_string(), answer);
    }

    fn feed(&self, path: &str, fixture_name: &str, etag: &str) {
        let content_type = if fixture_name.ends_with(".json") {
            "application/feed+json"
        } else {
            "application/xml; charset=utf-8"
        };
        self.set(
            path,
            Answer::Feed {
                body: fixture(fixture_name),
                content_type,
                etag: etag.to_string(),
            },
        );
    }

    fn requests(&self, path: &str) -> Vec<Seen> {
        self.seen
            .lock()
            .expect("seen")
            .iter()
            .filter(|seen| seen.path == path)
            .cloned()
            .collect()
    }

    fn request_count(&self) -> usize {
        self.seen.lock().expect("seen").len()
    }
}

async fn serve(
    mut stream: tokio::net::TcpStream,
    RequestHead { path, headers }: RequestHead,
    answers: Arc<Mutex<HashMap<String, Answer>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
) -> std::io::Result<()> {
    seen.lock().expect("seen").push(Seen {
        path: path.clone(),
        headers: headers.clone(),
    });
    let answer = answers.lock().expect("answers").get(&path).cloned();
    match answer {
        None => {
            stream
                .write_all(
                    b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                )
                .await?;
        }
        Some(Answer::Redirect(location)) => {
            stream
                .write_all(
                    format!(
                        "HTTP/1.1 302 Found\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    )
                    .as_bytes(),
                )
                .await?;
        }
        Some(Answer::Feed {
            body,
            content_type,
            etag,
        }) => {
            let unchanged = headers.get("if-none-match") == Some(&etag)
                || (!headers.contains_key("if-none-match")
                    && headers.get("if-modified-since").map(String::as_str) == Some(LAST_MODIFIED));
            if unchanged {
                stream
                    .write_all(
                        format!(
                            "HTTP/1.1 304 Not Modified\r\netag: {etag}\r\nconnection: close\r\n\r\n"
                        )
                        .as_bytes(),
                    )
                    .await?;
            } else {
                stream
                    .write_all(
                        format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\
                             etag: {etag}\r\nlast-modified: {LAST_MODIFIED}\r\nconnection: close\r\n\r\n",
                            body.len()
                        )
                        .as_bytes(),
                    )
                    .await?;
                stream.write_all(&body).await?;
            }
        }
        Some(Answer::Huge(bytes)) => {
            stream
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/xml\r\nconnection: close\r\n\r\n<rss version=\"2.0\"><channel><title>huge</title>",
                )
                .await?;
            let chunk = vec![b' '; 64 * 1024];
            let mut sent = 0;
            while sent < bytes {
                // The client hangs up at its limit; that ends the loop with an error.
                stream.write_all(&chunk).await?;
                sent += chunk.len();
            }
            stream.write_all(b"</channel></rss>").await?;
        }
    }
    stream.shutdown().await
}

/// An app whose fetcher may reach the feed server on 127.0.0.1.
async fn app_allowing_loopback() -> TestApp {
    spawn_app_with(|settings| settings.feed_fetch_allow = "127.0.0.1/32".into()).await
}

async fn add_feed(app: &TestApp, user: &TestUser, url: &str) -> Value {
    let reply = app
        .post(
            "/api/v1/me/feeds",
            Some(&user.access_token),
            json!({ "url": url }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    assert_eq!(reply.body["url"], url);
    reply.body
}

async fn sources(app: &TestApp, user: &TestUser) -> Vec<Value> {
    let reply = app.get("/api/v1/me/feeds", Some(&user.access_token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body["items"].as_array().cloned().unwrap_or_default()
}

/// Waits until source `id` has completed `polls` polls, and returns it.
async fn after_polls(app: &TestApp, user: &TestUser, id: i64, polls: i64) -> Value {
    eventually(
        30,
        &format!("feed source {id} polled {polls} time(s)"),
        || async {
            sources(app, user)
                .await
                .into_iter()
                .find(|source| source["id"] == id)
                .filter(|source| source["fetch_count"].as_i64() >= Some(polls))
        },
    )
    .await
}

async fn refresh(app: &TestApp, user: &TestUser, id: i64) {
    let reply = app
        .post(
            format!("/api/v1/me/feeds/{id}/refresh"),
            Some(&user.access_token),
            json!({}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{:?}", reply.body);
}

/// The user's posts, newest first (title → card).
async fn posts_of(app: &TestApp, user: &TestUser) -> Vec<Value> {
    let reply = app
        .get(format!("/api/v1/users/{}/posts?limit=50", user.id), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body["items"].as_array().cloned().unwrap_or_default()
}

fn find<'a>(posts: &'a [Value], title: &str) -> &'a Value {
    posts
        .iter()
        .find(|post| post["title"] == title)
        .unwrap_or_else(|| panic!("no post titled {title} among {posts:#?}"))
}

fn titles(posts: &[Value]) -> Vec<String> {
    let mut titles: Vec<String> = posts
        .iter()
        .filter_map(|post| post["title"].as_str().map(str::to_string))
        .collect();
    titles.sort();
    titles
}

fn tags(post: &Value) -> Vec<String> {
    post["tags"]
        .as_array()
        .map(|tags| {
            tags.iter()
                .filter_map(|tag| tag.as_str().or_else(|| tag["name"].as_str()))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn time(value: &Value) -> chrono::DateTime<chrono::Utc> {
    value
        .as_str()
        .and_then(|text| chrono::DateTime::parse_from_rfc3339(text).ok())
        .map(|time| time.with_timezone(&chrono::Utc))
        .unwrap_or_else(|| panic!("not a timestamp: {value}"))
}

#[tokio::test]
async fn feed_sources_are_validated_owned_and_unique_per_user() {
    let app = app_allowing_loopback().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;

    let reply = app
        .post(
            "/api/v1/me/feeds",
            None,
            json!({"url": "https://a.example/feed"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    for bad in [
        "",
        "not a url",
        "ftp://example.com/feed.xml",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "https://user:secret@example.com/feed",
    ] {
        let reply = app
            .post(
                "/api/v1/me/feeds",
                Some(&alice.access_token),
                json!({ "url": bad }),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {:?}",
            reply.body
        );
        assert_eq!(reply.code(), "validation_failed");
        assert!(
            reply.body["error"]["fields"]["url"].is_array(),
            "{:?}",
            reply.body
        );
    }
    let long = format!("https://example.com/{}", "a".repeat(500));
    let reply = app
        .post(
            "/api/v1/me/feeds",
            Some(&alice.access_token),
            json!({ "url": long }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);

    // 203.0.113.0/24 is documentation space: the poll fails without leaving this machine.
    let url = "http://203.0.113.7/feed.xml";
    let source = add_feed(&app, &alice, url).await;
    let id = source["id"].as_i64().expect("id");
    assert!(source["next_poll_at"].is_string(), "{source}");
    let reply = app
        .post(
            "/api/v1/me/feeds",
            Some(&alice.access_token),
            json!({ "url": url }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{:?}", reply.body);
    assert_eq!(reply.code(), "feed_exists");
    // Another user may import the same feed.
    add_feed(&app, &bob, url).await;

    let listed = after_polls(&app, &alice, id, 1).await;
    assert_eq!(listed["url"], url);
    assert_eq!(listed["imported_count"], 0);
    assert_eq!(listed["failure_count"], 1);
    let error = listed["last_error"].as_str().expect("an error is shown");
    assert!(error.contains("documentation"), "{error}");
    assert!(
        time(&listed["next_poll_at"]) > chrono::Utc::now() + chrono::Duration::minutes(90),
        "a failing source backs off beyond the hourly interval: {listed}"
    );

    // Nobody else can see, refresh or delete it.
    assert_eq!(sources(&app, &bob).await.len(), 1);
    let reply = app
        .delete(format!("/api/v1/me/feeds/{id}"), Some(&bob.access_token))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = app
        .post(
            format!("/api/v1/me/feeds/{id}/refresh"),
            Some(&bob.access_token),
            json!({}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = app
        .delete("/api/v1/me/feeds/999999", Some(&alice.access_token))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    let reply = app
        .delete(format!("/api/v1/me/feeds/{id}"), Some(&alice.access_token))
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(sources(&app, &alice).await.is_empty());
    assert_eq!(sources(&app, &bob).await.len(), 1);
}

#[tokio::test]
async fn rss_entries_become_posts_once_with_links_tags_dates_and_safe_bodies() {
    let app = app_allowing_loopback().await;
    let server = FeedServer::start().await;
    server.feed("/rss.xml", "rss.xml", "\"rss-v1\"");
    let mei = app.register("mei").await;
    let before = chrono::Utc::now();
    let source = add_feed(&app, &mei, &server.url("/rss.xml")).await;
    let id = source["id"].as_i64().expect("id");

    let polled = after_polls(&app, &mei, id, 1).await;
    assert_eq!(polled["imported_count"], 3, "{polled}");
    assert_eq!(polled["last_error"], Value::Null, "{polled}");
    assert_eq!(polled["title"], "码农周刊 Weekly");
    let after = chrono::Utc::now();

    let posts = posts_of(&app, &mei).await;
    assert_eq!(
        titles(&posts),
        [
            "No date on this one",
            "Postgres tips for busy people",
            "Rust 异步编程入门"
        ]
    );
    let rust = find(&posts, "Rust 异步编程入门");
    assert_eq!(rust["orig_url"], "https://weekly.example/posts/rust-async");
    assert_eq!(
        time(&rust["created_at"]).to_rfc3339(),
        "2026-11-02T08:00:00+00:00"
    );
    assert_eq!(tags(rust), ["rust", "异步"]);
    let postgres = find(&posts, "Postgres tips for busy people");
    assert_eq!(tags(postgres), ["databases", "web-development"]);
    // No date in the feed: the time of the fetch.
    let undated = time(&find(&posts, "No date on this one")["created_at"]);
    assert!(
        undated >= before - chrono::Duration::seconds(1)
            && undated <= after + chrono::Duration::seconds(1),
        "{undated} between {before} and {after}"
    );

    let detail = app.get(format!("/api/v1/posts/{}", rust["id"]), None).await;
    let content = detail.body["content"].as_str().expect("markdown");
    assert!(content.contains("从 **Future** 讲起"), "{content}");
    assert!(content.contains("[Tokio](https://tokio.rs/)"), "{content}");
    let html = detail.body["content_html"].as_str().expect("html");
    assert!(
        !html.contains("<script") && !content.contains("alert"),
        "{html}"
    );
    assert!(html.contains("第二段"), "{html}");

    let me = app.get("/api/v1/me", Some(&mei.access_token)).await;
    assert_eq!(me.body["stats"]["post_count"], 3, "{:?}", me.body);
    assert_eq!(app.count_rows("feed_entries").await, 3);

    // Unchanged: the server sees the validators and answers 304; nothing is imported.
    refresh(&app, &mei, id).await;
    let second = after_polls(&app, &mei, id, 2).await;
    assert_eq!(second["imported_count"], 3);
    let requests = server.requests("/rss.xml");
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].headers.get("if-none-match").map(String::as_str),
        Some("\"rss-v1\"")
    );
    assert_eq!(
        requests[1]
            .headers
            .get("if-modified-since")
            .map(String::as_str),
        Some(LAST_MODIFIED)
    );
    assert_eq!(posts_of(&app, &mei).await.len(), 3);

    // Changed and reordered: only the two new entries are imported.
    server.feed("/rss.xml", "rss-updated.xml", "\"rss-v2\"");
    refresh(&app, &mei, id).await;
    let third = after_polls(&app, &mei, id, 3).await;
    assert_eq!(third["imported_count"], 5, "{third}");
    let posts = posts_of(&app, &mei).await;
    assert_eq!(posts.len(), 5);
    assert_eq!(
        titles(&posts),
        [
            "No date on this one",
            "Postgres tips for busy people",
            "Rust 异步编程入门",
            "Zero-downtime migrations",
            "新文章：SQLite 也能扛住生产流量",
        ]
    );
    // Imported oldest first, so the newest entry has the highest id.
    assert_eq!(posts[0]["title"], "新文章：SQLite 也能扛住生产流量");

    // Two polls at once (two workers) import nothing twice.
    server.feed("/rss.xml", "rss-updated.xml", "\"rss-v3\"");
    refresh(&app, &mei, id).await;
    refresh(&app, &mei, id).await;
    let fifth = after_polls(&app, &mei, id, 5).await;
    assert_eq!(fifth["imported_count"], 5);
    assert_eq!(posts_of(&app, &mei).await.len(), 5);
    assert_eq!(app.count_rows("posts").await, 5);
}

#[tokio::test]
async fn atom_and_json_feeds_import_with_their_dates_and_tags() {
    let app = app_allowing_loopback().await;
    let server = FeedServer::start().await;
    server.feed("/atom.xml", "atom.xml", "\"a1\"");
    server.feed("/feed.json", "feed.json", "\"j1\"");
    let mei = app.register("mei").await;
    let atom = add_feed(&app, &mei, &server.url("/atom.xml")).await;
    let json_feed = add_feed(&app, &mei, &server.url("/feed.json")).await;
    let atom = after_polls(&app, &mei, atom["id"].as_i64().expect("id"), 1).await;
    let json_feed = after_polls(&app, &mei, json_feed["id"].as_i64().expect("id"), 1).await;
    assert_eq!(atom["imported_count"], 3, "{atom}");
    assert_eq!(atom["title"], "社区开发笔记");
    assert_eq!(json_feed["imported_count"], 2, "{json_feed}");
    assert_eq!(json_feed["title"], "JSON 小站");

    let posts = posts_of(&app, &mei).await;
    assert_eq!(posts.len(), 5);
    let review = find(&posts, "如何写好代码评审意见");
    assert_eq!(tags(review), ["code-review", "中文"]);
    assert_eq!(
        time(&review["created_at"]).to_rfc3339(),
        "2026-11-01T02:00:00+00:00"
    );
    let html_title = find(&posts, "Atom & you");
    assert_eq!(html_title["orig_url"], "https://notes.example/atom");
    assert_eq!(tags(html_title), ["feeds"]);
    // Only <updated>: that is the date.
    let updated = find(&posts, "Only updated");
    assert_eq!(
        time(&updated["created_at"]).to_rfc3339(),
        "2026-11-03T04:05:06+00:00"
    );
    let detail = app
        .get(format!("/api/v1/posts/{}", updated["id"]), None)
        .await;
    let html = detail.body["content_html"].as_str().expect("html");
    assert!(
        html.contains("Second paragraph with *stars* kept literal."),
        "{html}"
    );
    assert!(html.matches("<p>").count() >= 2, "{html}");

    let json_post = find(&posts, "JSON Feed 是什么");
    assert_eq!(json_post["orig_url"], "https://json.example/one");
    assert_eq!(tags(json_post), ["json", "订阅"]);
    assert_eq!(
        time(&json_post["created_at"]).to_rfc3339(),
        "2026-11-04T06:00:00+00:00"
    );
    let detail = app
        .get(format!("/api/v1/posts/{}", json_post["id"]), None)
        .await;
    assert!(
        detail.body["content_html"]
            .as_str()
            .is_some_and(|html| html.contains("<code>JSON</code>")),
        "{:?}",
        detail.body
    );
}

#[tokio::test]
async fn malformed_and_oversized_feeds_import_nothing_and_say_why() {
    let app = app_allowing_loopback().await;
    let server = FeedServer::start().await;
    server.feed("/broken.xml", "malformed.xml", "\"b1\"");
    server.set("/huge.xml", Answer::Huge(20 * 1024 * 1024));
    let mei = app.register("mei").await;
    let broken = add_feed(&app, &mei, &server.url("/broken.xml")).await;
    let huge = add_feed(&app, &mei, &server.url("/huge.xml")).await;

    let broken = after_polls(&app, &mei, broken["id"].as_i64().expect("id"), 1).await;
    assert_eq!(broken["imported_count"], 0);
    assert_eq!(broken["failure_count"], 1);
    let error = broken["last_error"].as_str().expect("an error");
    assert!(error.contains("could not be parsed"), "{error}");

    let huge = after_polls(&app, &mei, huge["id"].as_i64().expect("id"), 1).await;
    assert_eq!(huge["imported_count"], 0);
    let error = huge["last_error"].as_str().expect("an error");
    assert!(error.contains("larger than the 5 MB limit"), "{error}");

    assert!(posts_of(&app, &mei).await.is_empty());
    assert_eq!(app.count_rows("feed_entries").await, 0);
}

#[tokio::test]
async fn loopback_is_refused_after_dns_and_on_redirects_unless_allowed() {
    let server = FeedServer::start().await;
    server.feed("/feed.xml", "rss.xml", "\"x\"");
    let port = server.port;

    // No allow-list: a name that resolves to loopback is refused before any connection.
    let app = spawn_app_with(|_| {}).await;
    let mei = app.register("mei").await;
    let source = add_feed(&app, &mei, &format!("http://localhost:{port}/feed.xml")).await;
    let polled = after_polls(&app, &mei, source["id"].as_i64().expect("id"), 1).await;
    let error = polled["last_error"].as_str().expect("refused");
    assert!(error.contains("loopback"), "{error}");
    assert_eq!(server.request_count(), 0, "nothing reached the server");
    drop(app);

    // The host name is allowed, the redirect target (127.0.0.1 as such) is not.
    let app = spawn_app_with(|settings| settings.feed_fetch_allow = "localhost".into()).await;
    server.set(
        "/redirect",
        Answer::Redirect(format!("http://127.0.0.1:{port}/feed.xml")),
    );
    let mei = app.register("mei").await;
    let source = add_feed(&app, &mei, &format!("http://localhost:{port}/redirect")).await;
    let polled = after_polls(&app, &mei, source["id"].as_i64().expect("id"), 1).await;
    let error = polled["last_error"].as_str().expect("refused");
    assert!(
        error.contains("127.0.0.1") && error.contains("loopback"),
        "{error}"
    );
    assert_eq!(server.requests("/redirect").len(), 1);
    assert!(
        server.requests("/feed.xml").is_empty(),
        "the redirect was not followed"
    );
    assert!(posts_of(&app, &mei).await.is_empty());

    // Redirect loops stop after three hops.
    server.set(
        "/loop",
        Answer::Redirect(format!("http://localhost:{port}/loop")),
    );
    let source = add_feed(&app, &mei, &format!("http://localhost:{port}/loop")).await;
    let polled = after_polls(&app, &mei, source["id"].as_i64().expect("id"), 1).await;
    let error = polled["last_error"].as_str().expect("refused");
    assert!(error.contains("more than 3 redirects"), "{error}");
    assert_eq!(server.requests("/loop").len(), 4);
}

#[tokio::test]
async fn import_feed_command_imports_a_file_once_and_prints_a_summary() {
    let app = app_allowing_loopback().await;
    let mei = app.register("mei").await;
    let path = format!("{}/fixtures/feeds/atom.xml", env!("CARGO_MANIFEST_DIR"));
    let run = |args: &[&str]| {
        let output = app.command().args(args).output().expect("tidings runs");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr),
        )
    };
    let (ok, out) = run(&["import-feed", &path, "--as", "mei"]);
    assert!(ok, "{out}");
    assert!(
        out.contains("社区开发笔记: imported 3, skipped 0, failed 0 (as mei)"),
        "{out}"
    );
    let (ok, out) = run(&["import-feed", &path, "--as", "mei"]);
    assert!(ok, "{out}");
    assert!(out.contains("imported 0, skipped 3, failed 0"), "{out}");
    let posts = posts_of(&app, &mei).await;
    assert_eq!(posts.len(), 3);
    assert_eq!(
        find(&posts, "如何写好代码评审意见")["orig_url"],
        "https://notes.example/review"
    );

    let (ok, out) = run(&["import-feed", &path, "--as", "nobody"]);
    assert!(!ok && out.contains("no user named nobody"), "{out}");

    // A URL goes through the same fetcher (and its allow-list) as scheduled polls.
    let server = FeedServer::start().await;
    server.feed("/feed.json", "feed.json", "\"j\"");
    let mut command = app.command();
    command.env("TIDINGS_FEED_FETCH_ALLOW", "127.0.0.1").args([
        "import-feed",
        &server.url("/feed.json"),
        "--as",
        "mei",
    ]);
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("joined")
        .expect("tidings runs");
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        out.contains("JSON 小站: imported 2, skipped 0, failed 0"),
        "{out}"
    );
    // Another process published without a shared Redis to tell this server: its cached newest
    // posts catch up within their few seconds' maximum age.
    crate::helpers::eventually(15, "the imported posts listed", || async {
        (posts_of(&app, &mei).await.len() == 5).then_some(())
    })
    .await;
}

#[tokio::test]
async fn the_scheduler_polls_due_sources_on_its_own_with_conditional_requests() {
    let app = spawn_app_with(|settings| {
        settings.feed_fetch_allow = "127.0.0.1".into();
        settings.feed_scheduler_interval_secs = 1;
        settings.feed_poll_interval_secs = 1;
        settings.feed_poll_jitter_secs = 0;
    })
    .await;
    let server = FeedServer::start().await;
    server.feed("/rss.xml", "rss.xml", "\"s1\"");
    let mei = app.register("mei").await;
    let source = add_feed(&app, &mei, &server.url("/rss.xml")).await;
    // One poll on registration, then the scheduler's: no refresh is asked for.
    let polled = after_polls(&app, &mei, source["id"].as_i64().expect("id"), 3).await;
    assert_eq!(polled["imported_count"], 3, "{polled}");
    assert_eq!(polled["failure_count"], 0);
    let requests = server.requests("/rss.xml");
    assert!(requests.len() >= 3);
    assert!(
        requests[1..]
            .iter()
            .all(|seen| seen.headers.get("if-none-match").map(String::as_str) == Some("\"s1\"")),
        "{requests:?}"
    );
    assert_eq!(posts_of(&app, &mei).await.len(), 3);
}

#[tokio::test]
async fn create_admin_makes_an_administrator_and_seed_demo_imports_the_bundled_feed() {
    let app = spawn_app_with(|_| {}).await;
    let run = |args: &[&str], stdin: Option<&str>| {
        use std::io::Write;
        let mut command = app.command();
        command
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().expect("tidings runs");
        if let Some(mut input) = child.stdin.take() {
            let _ = input.write_all(stdin.unwrap_or_default().as_bytes());
        }
        let output = child.wait_with_output().expect("tidings ends");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr),
        )
    };
    let (ok, out) = run(
        &["create-admin", "root", "--email", "root@example.com"],
        Some("admin-password-1\n"),
    );
    assert!(ok && out.contains("created administrator root"), "{out}");
    assert_eq!(
        app.count_rows("users WHERE name = 'root' AND is_admin = TRUE")
            .await,
        1
    );
    let reply = app.login("root", "admin-password-1").await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let (ok, out) = run(
        &[
            "create-admin",
            "ab",
            "--email",
            "ab@example.com",
            "--password",
            "short",
        ],
        None,
    );
    assert!(!ok && out.contains("cannot create ab"), "{out}");

    // seed-demo only seeds an empty database.
    let (ok, out) = run(&["seed-demo"], None);
    assert!(ok && out.contains("nothing seeded"), "{out}");
    drop(app);
    let app = spawn_app_with(|_| {}).await;
    let output = app
        .command()
        .arg("seed-demo")
        .output()
        .expect("tidings runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        out.contains("20 posts from the demo feed (imported 20, skipped 0, failed 0)"),
        "{out}"
    );
    assert_eq!(app.count_rows("posts").await, 20);
    assert_eq!(
        app.count_rows("posts WHERE title = '用 Rust 写 Web 服务的一些体会'")
            .await,
        1
    );
    // Dealt out in turn among the five demo users, counters right.
    assert_eq!(app.count_rows("user_stats WHERE post_count = 4").await, 5);
    let reply = app.get("/api/v1/tags/中文/posts", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["items"].as_array().map(Vec::len), Some(5));
    // The feed's script never reaches a post.
    assert_eq!(
        app.count_rows("posts WHERE content LIKE '%alert%'").await,
        0
    );
}

#[tokio::test]
async fn two_schedulers_claim_each_due_source_once() {
    use crate::helpers::test_settings;
    // The app's own scheduler stays out of the way; two more "processes" race instead.
    let app = spawn_app_with(|settings| settings.feed_scheduler_interval_secs = 3600).await;
    let mei = app.register("mei").await;
    let past = chrono::Utc::now() - chrono::Duration::minutes(5);
    for n in 0..20 {
        tidings::crawl::repo::insert(
            &app.db,
            mei.id,
            &format!("http://203.0.113.{n}/feed"),
            Some(past),
        )
        .await
        .expect("insert source");
    }
    let mut states = Vec::new();
    for _ in 0..2 {
        let mut settings = test_settings(&app.database.url);
        for (key, value) in &app.job_env {
            match key.as_str() {
                "TIDINGS_JOB_QUEUE" => settings.job_queue = value.clone(),
                "TIDINGS_JOB_REDIS_URL" => settings.job_redis_url = Some(value.clone().into()),
                "TIDINGS_REDIS_URL" => settings.redis_url = Some(value.clone().into()),
                _ => {}
            }
        }
        states.push(
            tidings::state::AppState::build(settings)
                .await
                .expect("state"),
        );
    }
    let (first, second) = tokio::join!(
        tidings::crawl::scheduler::claim_due(&states[0]),
        tidings::crawl::scheduler::claim_due(&states[1])
    );
    let claimed = first.expect("first scheduler") + second.expect("second scheduler");
    assert_eq!(claimed, 20, "every due source is claimed exactly once");
    assert_eq!(
        app.count_rows("feed_sources WHERE next_poll_at > created_at")
            .await,
        20,
        "every claimed source moved to its next poll"
    );
    // Nothing is due any more.
    assert_eq!(
        tidings::crawl::scheduler::claim_due(&states[0])
            .await
            .expect("claim"),
        0
    );
}
