//! What a crawler or a link preview sees of each page, read the way they read it (the HTML
//! parsed, not string-matched): title, description, canonical address, Open Graph and Twitter
//! card tags, feed autodiscovery links, `noindex` for account pages and a 404 for what does not
//! exist; hostile titles stay text; the page's policy is kept; a warm page head costs no SQL.

use reqwest::StatusCode;
use scraper::{Html, Selector};
use serde_json::json;

use crate::helpers::{TestApp, spawn_app_with};

const PUBLIC_URL: &str = "https://tidings.example";

/// A built index.html in miniature, with the description Vite's copy carries.
const SHELL: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"UTF-8\" />\
    <meta name=\"description\" content=\"Tidings: share links.\" />\
    <title>Tidings</title><script>document.documentElement.dataset.ok = \"1\";</script>\
    <script type=\"module\" crossorigin src=\"/assets/index-1.js\"></script>\
    <style>body{margin:0}</style></head><body><div id=\"root\"></div></body></html>";

const HOSTILE_TITLE: &str =
    "Quotes \"here\" & <b>there</b> </title></script><script>alert(1)</script>";

async fn app_with_shell() -> TestApp {
    let dir = std::env::temp_dir()
        .join("tidings-tests")
        .join(format!("open-web-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("web dir");
    std::fs::write(dir.join("index.html"), SHELL).expect("index.html");
    spawn_app_with(move |settings| {
        settings.web_dir = dir;
        settings.public_url = format!("{PUBLIC_URL}/");
    })
    .await
}

/// A page as a crawler gets it.
struct Page {
    status: StatusCode,
    policy: String,
    document: Html,
}

impl Page {
    fn all(&self, selector: &str) -> Vec<scraper::ElementRef<'_>> {
        let selector = Selector::parse(selector).expect("selector");
        self.document.select(&selector).collect()
    }

    /// The one element's `attribute` (panics when there is not exactly one).
    fn one(&self, selector: &str, attribute: &str) -> String {
        let found = self.all(selector);
        assert_eq!(found.len(), 1, "{selector}: {}", self.document.html());
        found[0]
            .value()
            .attr(attribute)
            .unwrap_or_default()
            .to_string()
    }

    fn meta(&self, property: &str) -> String {
        self.one(&format!("meta[property=\"{property}\"]"), "content")
    }

    fn named(&self, name: &str) -> String {
        self.one(&format!("meta[name=\"{name}\"]"), "content")
    }

    fn title(&self) -> String {
        let titles = self.all("head > title");
        assert_eq!(titles.len(), 1, "{}", self.document.html());
        titles[0].text().collect()
    }

    fn canonical(&self) -> Option<String> {
        let links = self.all("link[rel=\"canonical\"]");
        assert!(links.len() <= 1);
        links
            .first()
            .and_then(|link| link.value().attr("href"))
            .map(String::from)
    }

    fn noindex(&self) -> bool {
        self.all("meta[name=\"robots\"]")
            .iter()
            .any(|meta| meta.value().attr("content") == Some("noindex"))
    }

    /// The feed links: (type, href).
    fn feeds(&self) -> Vec<(String, String)> {
        self.all("head > link[rel=\"alternate\"]")
            .iter()
            .map(|link| {
                let value = link.value();
                (
                    value.attr("type").unwrap_or_default().to_string(),
                    value.attr("href").unwrap_or_default().to_string(),
                )
            })
            .collect()
    }
}

async fn page(app: &TestApp, path: &str) -> Page {
    let response = app
        .api
        .client
        .get(format!("{}{path}", app.api.address))
        .send()
        .await
        .expect("reply");
    let status = response.status();
    let policy = response
        .headers()
        .get("content-security-policy")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let html = response.text().await.expect("body");
    Page {
        status,
        policy,
        document: Html::parse_document(&html),
    }
}

fn feed_links(path: &str) -> Vec<(String, String)> {
    vec![
        (
            "application/atom+xml".to_string(),
            format!("{PUBLIC_URL}/api/v1/feeds/{path}.atom"),
        ),
        (
            "application/rss+xml".to_string(),
            format!("{PUBLIC_URL}/api/v1/feeds/{path}.rss"),
        ),
    ]
}

#[tokio::test]
async fn each_public_page_describes_itself_to_crawlers() {
    let app = app_with_shell().await;
    let ann = app.register("ann").await;
    let changed = app
        .patch(
            "/api/v1/me",
            Some(&ann.access_token),
            json!({"nickname": "Ann \"the <b>Bold</b>\"", "bio": "Writes about </script> & Rust."}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    let created = app
        .post(
            "/api/v1/posts",
            Some(&ann.access_token),
            json!({
                "title": HOSTILE_TITLE,
                "orig_url": "https://www.example.org/a?b=1&c=2",
                "content": "The **first** words of the post. </title><script>alert(2)</script>",
                "tags": ["rust", "web"],
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let id = created.body["id"].as_i64().expect("id");

    // A post: an article, described by its own words, whatever its title holds.
    let post = page(&app, &format!("/posts/{id}")).await;
    assert_eq!(post.status, StatusCode::OK);
    assert_eq!(post.title(), format!("{HOSTILE_TITLE} · Tidings"));
    assert_eq!(post.meta("og:title"), HOSTILE_TITLE);
    assert_eq!(post.named("twitter:title"), HOSTILE_TITLE);
    assert_eq!(post.meta("og:type"), "article");
    let url = format!("{PUBLIC_URL}/posts/{id}");
    assert_eq!(post.canonical().as_deref(), Some(url.as_str()));
    assert_eq!(post.meta("og:url"), url);
    let description = post.named("description");
    assert!(
        description.starts_with("The first words of the post."),
        "{description}"
    );
    assert_eq!(post.meta("og:description"), description);
    assert!(post.meta("og:image").starts_with(PUBLIC_URL));
    assert_eq!(post.meta("og:site_name"), "Tidings");
    assert_eq!(
        post.meta("article:author"),
        "Ann \"the <b>Bold</b>\"",
        "the author's name is text"
    );
    let tags: Vec<String> = post
        .all("meta[property=\"article:tag\"]")
        .iter()
        .filter_map(|meta| meta.value().attr("content").map(String::from))
        .collect();
    assert_eq!(tags, ["rust", "web"]);
    assert!(!post.noindex());
    assert_eq!(post.feeds(), feed_links(&format!("posts/{id}/comments")));
    // Nothing from the database became an element: the shell's two scripts and the embedded
    // data are the only scripts, and the shell's description was replaced, not repeated.
    assert_eq!(post.all("script").len(), 3, "{}", post.document.html());
    assert_eq!(post.all("b").len(), 0);
    assert_eq!(post.all("meta[name=\"description\"]").len(), 1);
    assert!(post.policy.contains("'sha256-") && !post.policy.contains("unsafe-inline"));

    // A profile: the person's name and bio, their posts' feed.
    let profile = page(&app, "/users/ann").await;
    assert_eq!(profile.status, StatusCode::OK);
    assert_eq!(
        profile.title(),
        "Ann \"the <b>Bold</b>\" (@ann) · Tidings",
        "{}",
        profile.document.html()
    );
    assert_eq!(profile.meta("og:type"), "profile");
    assert_eq!(
        profile.named("description"),
        "Writes about </script> & Rust."
    );
    let url = format!("{PUBLIC_URL}/users/ann");
    assert_eq!(profile.canonical().as_deref(), Some(url.as_str()));
    assert_eq!(profile.feeds(), feed_links("users/ann"));
    assert_eq!(profile.all("script").len(), 2);
    // A tab has its own address; an unknown tab is the profile itself, as in the app.
    let likes = page(&app, "/users/ann/likes").await;
    assert_eq!(
        likes.canonical().as_deref(),
        Some(format!("{url}/likes").as_str())
    );
    let odd = page(&app, "/users/ann/nonsense").await;
    assert_eq!(odd.canonical().as_deref(), Some(url.as_str()));

    // A tag, by any spelling of its name.
    for path in ["/tags/rust", "/tags/RUST"] {
        let tag = page(&app, path).await;
        assert_eq!(tag.status, StatusCode::OK, "{path}");
        assert_eq!(tag.title(), "#rust · Tidings");
        assert_eq!(
            tag.canonical().as_deref(),
            Some(format!("{PUBLIC_URL}/tags/rust").as_str())
        );
        assert_eq!(tag.feeds(), feed_links("tags/rust"));
        assert_eq!(tag.meta("og:type"), "website");
        assert_eq!(tag.named("twitter:card"), "summary_large_image");
        assert_eq!(tag.meta("og:image"), format!("{PUBLIC_URL}/og-image.png"));
    }

    // The front page and its tabs.
    let home = page(&app, "/").await;
    assert_eq!(home.title(), "Latest posts · Tidings");
    assert_eq!(
        home.canonical().as_deref(),
        Some(format!("{PUBLIC_URL}/").as_str())
    );
    assert_eq!(home.feeds(), feed_links("latest"));
    let hot = page(&app, "/?tab=hot").await;
    assert_eq!(
        hot.canonical().as_deref(),
        Some(format!("{PUBLIC_URL}/?tab=hot").as_str())
    );
    assert_eq!(hot.feeds(), feed_links("hot"));
    let tags = page(&app, "/tags").await;
    assert_eq!(tags.title(), "Tags · Tidings");
    assert!(!tags.noindex());

    // Someone's own screens and search results: served, never indexed, no canonical address.
    for path in [
        "/settings",
        "/signin",
        "/register",
        "/compose",
        "/search?q=rust",
        "/forgot-password",
        &format!("/posts/{id}/edit"),
    ] {
        let private = page(&app, path).await;
        assert_eq!(private.status, StatusCode::OK, "{path}");
        assert!(private.noindex(), "{path}");
        assert_eq!(private.canonical(), None, "{path}");
        assert!(private.feeds().is_empty(), "{path}");
    }

    // What does not exist: the app's shell (it says so) with a 404 and noindex.
    for path in [
        "/posts/987654",
        "/users/nobody-here",
        "/users/%FF%FE",
        "/tags/no-such-tag",
        "/tags/%3Cscript%3E",
        "/no/such/page",
        "/posts/1/edit/more",
    ] {
        let missing = page(&app, path).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{path}");
        assert!(missing.noindex(), "{path}");
        assert_eq!(missing.canonical(), None, "{path}");
        assert_eq!(missing.title(), "Not found · Tidings");
        assert_eq!(missing.all("#root").len(), 1, "{path}");
        assert!(missing.policy.contains("'sha256-"), "{path}");
    }
}

#[tokio::test]
async fn a_warm_page_head_costs_no_sql() {
    let app = app_with_shell().await;
    let ann = app.register("ann").await;
    let post = app.create_post(&ann, "Warm heads", &["rust"]).await;
    let id = post["id"].as_i64().expect("id");
    let paths = [
        format!("/posts/{id}"),
        "/users/ann".to_string(),
        "/users/ann/followers".to_string(),
        "/tags/rust".to_string(),
        "/".to_string(),
    ];
    let queries = || app.api.metric("tidings_db_queries_total");
    for path in &paths {
        assert_eq!(page(&app, path).await.status, StatusCode::OK, "{path}");
    }
    let before = queries().await;
    assert!(before > 0.0, "the statement counter is read");
    for path in &paths {
        let warm = page(&app, path).await;
        assert_eq!(warm.status, StatusCode::OK, "{path}");
        assert!(warm.canonical().is_some(), "{path}");
    }
    assert_eq!(queries().await, before, "warm page heads ran SQL");
}
