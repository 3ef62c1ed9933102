//! The web app's pages as the server sends them: the home page and a post page drawn into the
//! shell, every text from the database escaped (a title with quotes, markup and `</script>` stays
//! text), the policy allowing the shell's own inline script and style by hash and nothing else
//! inline, and the shell's per-URL answers (404 for an unknown post, no drawing elsewhere).

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, eventually, spawn_app_with};

/// A built index.html in miniature: what Vite writes (policy, inline theme script, inline
/// stylesheet, module script, empty root).
const SHELL: &str = "<!doctype html><html lang=\"en\"><head>\
    <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">\
    <title>Tidings</title><script>document.documentElement.dataset.ok = \"1\";</script>\
    <script type=\"module\" crossorigin src=\"/assets/index-1.js\"></script>\
    <style>body{margin:0}</style></head><body><div id=\"root\"></div></body></html>";

const NASTY_TITLE: &str = "Quotes \"here\" & <b>there</b> </script><script>alert(1)</script>";

async fn app_with_shell() -> (TestApp, std::path::PathBuf) {
    let dir = std::env::temp_dir()
        .join("tidings-tests")
        .join(format!("web-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("web dir");
    std::fs::write(dir.join("index.html"), SHELL).expect("index.html");
    let web_dir = dir.clone();
    let app = spawn_app_with(move |settings| settings.web_dir = web_dir).await;
    (app, dir)
}

async fn page(app: &TestApp, path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let response = app
        .api
        .client
        .get(format!("{}{path}", app.api.address))
        .send()
        .await
        .expect("reply");
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, response.text().await.expect("body"))
}

/// What the server drew into `#root` (empty when it drew nothing).
fn drawn(html: &str) -> &str {
    let start = "<div id=\"root\" data-first-paint>";
    let Some(from) = html.find(start) else {
        return "";
    };
    let rest = &html[from + start.len()..];
    // The embedded data follows the root's closing tag.
    let end = rest
        .find("<script id=\"tidings-initial-data\"")
        .unwrap_or(rest.len());
    &rest[..end]
}

#[tokio::test]
async fn home_and_post_pages_are_drawn_with_every_text_escaped() {
    let (app, dir) = app_with_shell().await;
    let ann = app.register("ann").await;
    let created = app
        .post(
            "/api/v1/posts",
            Some(&ann.access_token),
            json!({
                "title": NASTY_TITLE,
                "orig_url": "https://www.example.org/a?b=1&c=2",
                "content": "Some **bold** text.\n\n<script>alert(2)</script>",
                "tags": ["rust"],
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let id = created.body["id"].as_i64().expect("id");
    let escaped = "Quotes &quot;here&quot; &amp; &lt;b&gt;there&lt;/b&gt; \
                   &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;";

    let (status, headers, html) = page(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    let home = drawn(&html);
    assert!(home.contains(&format!("data-post-id=\"{id}\"")), "{html}");
    assert!(home.contains("<h1 class=\"page-title\">Latest posts</h1>"));
    assert!(
        home.contains(&format!("<a href=\"/posts/{id}\">{escaped}</a>")),
        "{home}"
    );
    assert!(
        home.contains("href=\"https://www.example.org/a?b=1&amp;c=2\""),
        "{home}"
    );
    assert!(
        home.contains("example.org<span class=\"sr-only\">"),
        "{home}"
    );
    assert!(home.contains("#rust"));
    // Nothing from the post became markup: the page's only scripts are the shell's and the data.
    assert!(!home.contains("<script") && !home.contains("<b>"), "{home}");
    assert_eq!(html.matches("<script").count(), 3, "{html}");
    assert!(html.contains("<title>Latest posts · Tidings</title>"));
    let policy = headers
        .get("content-security-policy")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    for directive in ["script-src 'self' 'sha256-", "style-src 'self' 'sha256-"] {
        assert!(policy.contains(directive), "{policy}");
    }
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");

    let (status, _, html) = page(&app, &format!("/posts/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let post = drawn(&html);
    assert!(
        post.contains(&format!(
            "<h1 id=\"post-title\" class=\"post-detail-title\">{escaped}</h1>"
        )),
        "{post}"
    );
    assert!(post.contains("<strong>bold</strong>"), "{post}");
    // Raw HTML in the markdown is text in the sanitized body, as the app shows it.
    assert!(!post.contains("<script"), "{post}");
    assert!(
        html.contains(&format!("<title>{escaped} · Tidings</title>")),
        "{html}"
    );
    // Sign in from a post comes back to it.
    assert!(
        post.contains(&format!("href=\"/signin?next=%2Fposts%2F{id}\"")),
        "{post}"
    );
    assert_eq!(html.matches("<script").count(), 3, "{html}");

    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn the_shell_keeps_its_answers_per_url() {
    let (app, dir) = app_with_shell().await;
    let ann = app.register("ann").await;
    app.create_post(&ann, "A post", &["rust"]).await;

    // An unknown post: a 404 with the app (which says so), nothing drawn.
    let (status, headers, html) = page(&app, "/posts/987654").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("<div id=\"root\"></div>"), "{html}");
    assert!(
        headers
            .get("content-security-policy")
            .and_then(|value| value.to_str().ok())
            .is_some_and(|policy| policy.contains("'sha256-"))
    );
    // Other pages are the app's to draw; a signed-in visitor's timeline too.
    for path in ["/tags", "/users/ann", "/?tab=timeline", "/posts/1/edit"] {
        let (status, _, html) = page(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(html.contains("<div id=\"root\"></div>"), "{path}: {html}");
        assert!(!html.contains("data-first-paint"), "{path}");
    }
    // The Hot tab is drawn as such, once the post is ranked.
    let hot = eventually(20, "the post in the Hot tab", || async {
        let (_, _, html) = page(&app, "/?tab=hot").await;
        html.contains("data-post-id").then_some(html)
    })
    .await;
    assert!(drawn(&hot).contains("<h1 class=\"page-title\">Hot posts</h1>"));
    assert!(hot.contains("<title>Hot posts · Tidings</title>"));

    let _ = std::fs::remove_dir_all(dir);
}
