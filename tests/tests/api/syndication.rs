//! Tidings on the open web: Atom and RSS feeds out (parsed with feed-rs, as any reader would),
//! conditional requests, the private timeline feed's token, the sitemap and robots.txt, and a
//! round trip through another Tidings' `import-feed`.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Remote, TestApp, eventually, spawn_app_with};

/// A raw GET: status, headers and body text.
async fn fetch(
    remote: &Remote,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let mut request = remote.client.get(format!("{}{path}", remote.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, response.text().await.unwrap_or_default())
}

/// The feed at `path`, parsed.
async fn feed(remote: &Remote, path: &str) -> feed_rs::model::Feed {
    let (status, headers, body) = fetch(remote, path, &[]).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    let kind = headers["content-type"].to_str().unwrap_or_default();
    if path.ends_with(".atom") {
        assert!(kind.starts_with("application/atom+xml"), "{kind}");
    } else {
        assert!(kind.starts_with("application/rss+xml"), "{kind}");
    }
    feed_rs::parser::parse(body.as_bytes())
        .unwrap_or_else(|error| panic!("{path}: {error}\n{body}"))
}

fn titles(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|entry| {
            entry
                .title
                .as_ref()
                .map(|title| title.content.clone())
                .unwrap_or_default()
        })
        .collect()
}

fn entry<'a>(feed: &'a feed_rs::model::Feed, title: &str) -> &'a feed_rs::model::Entry {
    feed.entries
        .iter()
        .find(|entry| entry.title.as_ref().is_some_and(|t| t.content == title))
        .unwrap_or_else(|| panic!("no entry {title:?} in {:?}", titles(feed)))
}

async fn app() -> TestApp {
    spawn_app_with(|settings| settings.public_url = "https://tidings.example".into()).await
}

async fn publish(app: &TestApp, user: &crate::helpers::TestUser, body: Value) -> Value {
    let reply = app
        .post("/api/v1/posts", Some(&user.access_token), body)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.body
}

#[tokio::test]
async fn every_feed_parses_and_carries_its_posts() {
    let app = app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let shared = publish(
        &app,
        &alice,
        json!({"title": "A link worth reading", "orig_url": "https://example.org/article",
               "content": "Why it matters, with an ![image](/media/x.png).", "tags": ["rust", "web"]}),
    )
    .await;
    let written = publish(
        &app,
        &bob,
        json!({"title": "A write-up", "content": "Plain *text*.", "tags": ["go"]}),
    )
    .await;
    let hostile = publish(
        &app,
        &bob,
        json!({"title": "Tags </title><script>alert(1)</script> & \"quotes\"", "content": "x", "tags": ["web"]}),
    )
    .await;
    let comment = app
        .post(
            format!("/api/v1/posts/{}/comments", shared["id"]),
            Some(&bob.access_token),
            json!({"content": "Nice <b>find</b>"}),
        )
        .await;
    assert_eq!(comment.status, StatusCode::CREATED);

    for format in ["atom", "rss"] {
        let latest = feed(&app, &format!("/api/v1/feeds/latest.{format}")).await;
        assert_eq!(
            titles(&latest),
            vec![
                hostile["title"].as_str().unwrap_or_default(),
                "A write-up",
                "A link worth reading"
            ],
            "{format}: newest first, hostile title intact"
        );
        let link = entry(&latest, "A link worth reading");
        assert_eq!(
            link.links[0].href, "https://example.org/article",
            "{format}"
        );
        let page = entry(&latest, "A write-up");
        assert_eq!(
            page.links[0].href,
            format!("https://tidings.example/posts/{}", written["id"]),
            "{format}: a post without a link points at its page"
        );
        let mut tags: Vec<String> = link.categories.iter().map(|c| c.term.clone()).collect();
        tags.sort();
        assert_eq!(tags, vec!["rust", "web"], "{format}");
        let body = link
            .content
            .as_ref()
            .and_then(|content| content.body.clone())
            .or_else(|| link.summary.as_ref().map(|summary| summary.content.clone()))
            .unwrap_or_default();
        assert!(
            body.contains("https://tidings.example/media/x.png"),
            "{format}: links made absolute: {body}"
        );
        assert!(link.published.is_some(), "{format}");

        let rust = feed(&app, &format!("/api/v1/feeds/tags/rust.{format}")).await;
        assert_eq!(titles(&rust), vec!["A link worth reading"]);
        let combined = feed(&app, &format!("/api/v1/feeds/tags/web,GO.{format}")).await;
        assert_eq!(combined.entries.len(), 3, "{format}: any of the tags");
        let bobs = feed(&app, &format!("/api/v1/feeds/users/bob.{format}")).await;
        assert_eq!(bobs.entries.len(), 2);
        let comments = feed(
            &app,
            &format!("/api/v1/feeds/posts/{}/comments.{format}", shared["id"]),
        )
        .await;
        assert_eq!(comments.entries.len(), 1);
        assert!(
            comments.entries[0].links[0]
                .href
                .ends_with(&format!("#comment-{}", comment.body["id"]))
        );
    }
    // The hot list follows the search index (a job); liked posts appear once indexed.
    app.put(
        format!("/api/v1/posts/{}/like", shared["id"]),
        Some(&bob.access_token),
    )
    .await;
    eventually(10, "the hot list", || async {
        let hot = app.get("/api/v1/posts?sort=hot", None).await;
        crate::helpers::ids(&hot)
            .contains(&shared["id"].as_i64().unwrap_or(0))
            .then_some(())
    })
    .await;
    // (Rendered feeds are kept a minute, so it is asked for only once the list has the post.)
    let hot = feed(&app, "/api/v1/feeds/hot.atom").await;
    assert!(titles(&hot).contains(&"A link worth reading".to_string()));

    for path in [
        "/api/v1/feeds/latest.json",
        "/api/v1/feeds/tags/a,b,c,d,e,f.atom",
        "/api/v1/feeds/tags/%20.atom",
        "/api/v1/feeds/users/nobody.atom",
        "/api/v1/feeds/posts/999999/comments.rss",
        "/api/v1/feeds/home/not-a-token.atom",
    ] {
        let (status, _, body) = fetch(&app, path, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
    }
}

#[tokio::test]
async fn unchanged_feeds_answer_304() {
    let app = app().await;
    let alice = app.register("alice").await;
    publish(&app, &alice, json!({"title": "One", "content": "x"})).await;
    let path = "/api/v1/feeds/latest.atom";
    let (status, headers, _) = fetch(&app, path, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let etag = headers["etag"].to_str().unwrap_or_default().to_string();
    let modified = headers["last-modified"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    let (status, _, body) = fetch(&app, path, &[("if-none-match", &etag)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    let (status, _, _) = fetch(&app, path, &[("if-modified-since", &modified)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    let (status, _, _) = fetch(&app, path, &[("if-none-match", "\"something-else\"")]).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_private_timeline_feed_opens_with_its_token_only() {
    let app = app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    app.put(
        format!("/api/v1/users/{}/follow", bob.id),
        Some(&alice.access_token),
    )
    .await;
    publish(&app, &bob, json!({"title": "From bob", "content": "x"})).await;
    let status = app
        .get("/api/v1/me/feed-token", Some(&alice.access_token))
        .await;
    assert!(status.body["created_at"].is_null());
    let made = app
        .post(
            "/api/v1/me/feed-token",
            Some(&alice.access_token),
            json!({}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let atom = made.body["atom_url"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let path = atom
        .trim_start_matches("https://tidings.example")
        .to_string();
    let home = feed(&app, &path).await;
    assert_eq!(titles(&home), vec!["From bob"]);
    let (_, headers, _) = fetch(&app, &path, &[]).await;
    assert!(
        headers["cache-control"]
            .to_str()
            .unwrap_or_default()
            .contains("private")
    );

    // Another token for the same person replaces it; a revoked one opens nothing.
    let again = app
        .post(
            "/api/v1/me/feed-token",
            Some(&alice.access_token),
            json!({}),
        )
        .await;
    let (status, _, _) = fetch(&app, &path, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the replaced token");
    let new_path = again.body["rss_url"]
        .as_str()
        .unwrap_or_default()
        .trim_start_matches("https://tidings.example")
        .to_string();
    assert_eq!(feed(&app, &new_path).await.entries.len(), 1);
    let revoked = app
        .delete("/api/v1/me/feed-token", Some(&alice.access_token))
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    let (status, _, _) = fetch(&app, &new_path, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the revoked token");
    let (status, _, _) = fetch(&app, &new_path.replace(".rss", ".atom"), &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.delete("/api/v1/me/feed-token", Some(&alice.access_token))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// Every `<loc>` of an XML document, checking it is well-formed on the way.
fn locations(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut in_loc = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(tag)) => in_loc = tag.name().0 == "loc",
            Ok(Event::Text(text)) if in_loc => out.push(text.to_string()),
            Ok(Event::End(_)) => in_loc = false,
            Ok(Event::Eof) => return out,
            Ok(_) => {}
            Err(error) => panic!("malformed XML: {error}\n{xml}"),
        }
    }
}

#[tokio::test]
async fn the_sitemap_lists_every_post_and_robots_points_at_it() {
    let app = app().await;
    let alice = app.register("alice").await;
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(
            publish(
                &app,
                &alice,
                json!({"title": format!("Post {n}"), "content": "x", "tags": ["c++"]}),
            )
            .await["id"]
                .as_i64()
                .unwrap_or(0),
        );
    }
    let (status, headers, index) = fetch(&app, "/sitemap.xml", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap_or_default()
            .contains("xml")
    );
    let pages = locations(&index);
    assert_eq!(
        pages,
        vec![
            "https://tidings.example/sitemaps/pages.xml",
            "https://tidings.example/sitemaps/posts-0.xml"
        ]
    );
    let (_, _, posts) = fetch(&app, "/sitemaps/posts-0.xml", &[]).await;
    let listed = locations(&posts);
    for id in &ids {
        assert!(
            listed.contains(&format!("https://tidings.example/posts/{id}")),
            "{listed:?}"
        );
    }
    assert!(posts.contains("<lastmod>"));
    let (_, _, fixed) = fetch(&app, "/sitemaps/pages.xml", &[]).await;
    assert!(locations(&fixed).contains(&"https://tidings.example/tags/c%2B%2B".to_string()));
    for missing in [
        "/sitemaps/posts-x.xml",
        "/sitemaps/posts--1.xml",
        "/sitemaps/other.xml",
    ] {
        assert_eq!(
            fetch(&app, missing, &[]).await.0,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }

    let (status, _, robots) = fetch(&app, "/robots.txt", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(robots.contains("Sitemap: https://tidings.example/sitemap.xml"));
    assert!(robots.contains("Disallow: /api/\n"));
    assert!(robots.contains("Allow: /api/v1/feeds/\n"));
    assert!(robots.contains("Disallow: /api/v1/feeds/home/"));
    assert!(robots.contains("Disallow: /settings"));
}

/// Another Tidings importing this one's feed gets the same titles, links, dates and tags.
#[tokio::test]
async fn a_feed_round_trips_through_another_tidings() {
    let source = app().await;
    let alice = source.register("alice").await;
    publish(
        &source,
        &alice,
        json!({"title": "Shared link", "orig_url": "https://example.org/a", "content": "Body **bold**", "tags": ["rust", "web"]}),
    )
    .await;
    publish(
        &source,
        &alice,
        json!({"title": "Own words", "content": "Text", "tags": ["notes"]}),
    )
    .await;
    let original = source.get("/api/v1/users/alice/posts", None).await.body["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();

    let target = spawn_app_with(|settings| settings.feed_fetch_allow = "127.0.0.1".into()).await;
    target.register("mirror").await;
    let url = format!("{}/api/v1/feeds/users/alice.atom", source.address);
    let mut command = target.command();
    command.env("TIDINGS_FEED_FETCH_ALLOW", "127.0.0.1").args([
        "import-feed",
        &url,
        "--as",
        "mirror",
    ]);
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("joined")
        .expect("tidings runs");
    let out = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && out.contains("imported 2"),
        "{out}"
    );
    let imported = target.get("/api/v1/users/mirror/posts", None).await.body["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(imported.len(), 2);
    let second = |value: &Value| {
        chrono::DateTime::parse_from_rfc3339(value.as_str().unwrap_or_default())
            .map(|time| time.timestamp())
            .unwrap_or_default()
    };
    for before in &original {
        let after = imported
            .iter()
            .find(|after| after["title"] == before["title"])
            .unwrap_or_else(|| panic!("{} was not imported", before["title"]));
        assert_eq!(before["tags"], after["tags"]);
        assert_eq!(second(&before["created_at"]), second(&after["created_at"]));
        let expected_link = before["orig_url"].as_str().map_or_else(
            || format!("https://tidings.example/posts/{}", before["id"]),
            str::to_string,
        );
        assert_eq!(after["orig_url"], expected_link.as_str());
    }
}
