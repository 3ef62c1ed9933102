use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ids, spawn_app};

#[tokio::test]
async fn create_read_edit_and_list_posts() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;

    let created = app
        .post(
            "/api/v1/posts",
            Some(&alice.access_token),
            json!({
                "title": "  Keyset pagination  ",
                "orig_url": "https://example.com/keyset",
                "content": "# Why\n\nBecause **OFFSET** is slow.",
                "tags": ["Databases", "performance", "databases"],
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let id = created.body["id"].as_i64().expect("id");
    assert_eq!(created.body["title"], "Keyset pagination");
    assert_eq!(created.body["tags"], json!(["databases", "performance"]));
    assert_eq!(created.body["excerpt"], "Why Because OFFSET is slow.");
    assert!(
        created.body["content_html"]
            .as_str()
            .unwrap_or("")
            .contains("<strong>OFFSET</strong>")
    );
    assert_eq!(created.body["author"]["name"], "alice");
    assert_eq!(
        app.count_rows(&format!(
            "user_stats WHERE user_id = {} AND post_count = 1",
            alice.id
        ))
        .await,
        1
    );

    let read = app.get(&format!("/api/v1/posts/{id}"), None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body["orig_url"], "https://example.com/keyset");
    assert_eq!(read.body["liked"], false);

    let forbidden = app
        .patch(
            &format!("/api/v1/posts/{id}"),
            Some(&bob.access_token),
            json!({"title": "mine now"}),
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_eq!(forbidden.code(), "not_author");

    let edited = app
        .patch(
            &format!("/api/v1/posts/{id}"),
            Some(&alice.access_token),
            json!({"content": "New body", "tags": ["rust"], "orig_url": "", "can_comment": false}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert_eq!(
        edited.body["title"], "Keyset pagination",
        "fields left out stay"
    );
    assert_eq!(edited.body["content"], "New body");
    assert_eq!(edited.body["tags"], json!(["rust"]));
    assert!(edited.body["orig_url"].is_null());
    assert_eq!(edited.body["can_comment"], false);

    let second = app.create_post(&bob, "Second", &["rust"]).await;
    let latest = app.get("/api/v1/posts", None).await;
    assert_eq!(ids(&latest), vec![second["id"].as_i64().unwrap_or(0), id]);
    let by_author = app.get("/api/v1/posts?author=alice", None).await;
    assert_eq!(ids(&by_author), vec![id]);
    let by_tag = app.get("/api/v1/posts?tag=RUST", None).await;
    assert_eq!(by_tag.body["items"].as_array().map(Vec::len), Some(2));
    let tag_page = app.get("/api/v1/tags/rust/posts?sort=latest", None).await;
    assert_eq!(tag_page.status, StatusCode::OK);
    assert_eq!(ids(&tag_page).len(), 2);
    assert_eq!(
        app.get("/api/v1/tags/nope/posts", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        ids(&app.get("/api/v1/posts?tag=nope", None).await),
        Vec::<i64>::new()
    );
    let user_posts = app
        .get(&format!("/api/v1/users/{}/posts", bob.id), None)
        .await;
    assert_eq!(ids(&user_posts), vec![second["id"].as_i64().unwrap_or(0)]);

    let tags = app.get("/api/v1/tags", None).await;
    assert_eq!(
        tags.body["items"][0],
        json!({"name": "rust", "post_count": 2})
    );
    assert!(
        tags.body["items"]
            .as_array()
            .is_some_and(|items| items.iter().all(|tag| tag["name"] != "databases")),
        "a tag no post carries any more is not listed"
    );
    assert_eq!(
        app.get("/api/v1/posts/999999", None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn post_validation_reports_each_field() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let reply = app
        .post(
            "/api/v1/posts",
            Some(&alice.access_token),
            json!({
                "title": "x".repeat(129),
                "orig_url": "ftp://example.com/file",
                "content": "   ",
                "tags": ["ok", "has space", "a", "b", "c", "d"],
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["title", "orig_url", "content", "tags"] {
        assert!(
            reply.body["error"]["fields"][field].is_array(),
            "{field}: {}",
            reply.body
        );
    }
    let anonymous = app
        .post("/api/v1/posts", None, json!({"title": "t", "content": "c"}))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.count_rows("posts").await, 0);
}

#[tokio::test]
async fn hostile_markdown_is_sanitized() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let content = "Hello <script>alert('x')</script>\n\n<img src=x onerror=\"alert(1)\">\n\n\
                   [click](javascript:alert(2)) <a href=\"JaVaScRiPt:alert(3)\">x</a> \
                   <iframe src=\"https://evil.example\"></iframe> <div onclick=\"steal()\">hi</div>";
    let reply = app
        .post(
            "/api/v1/posts",
            Some(&alice.access_token),
            json!({"title": "XSS", "content": content}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let html = reply.body["content_html"]
        .as_str()
        .unwrap_or("")
        .to_lowercase();
    for needle in ["<script", "onerror", "javascript:", "<iframe", "onclick"] {
        assert!(!html.contains(needle), "{needle} survived: {html}");
    }
    assert_eq!(
        reply.body["content"], content,
        "the markdown is kept as written"
    );

    let comment = app
        .post(
            &format!("/api/v1/posts/{}/comments", reply.body["id"]),
            Some(&alice.access_token),
            json!({"content": "<svg onload=alert(1)>[x](javascript:alert(1))"}),
        )
        .await;
    let html = comment.body["content_html"]
        .as_str()
        .unwrap_or("")
        .to_lowercase();
    assert!(
        !html.contains("onload") && !html.contains("javascript:"),
        "{html}"
    );
}

#[tokio::test]
async fn deleting_a_post_removes_everything_hanging_off_it_and_fixes_counters() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let keep = app.create_post(&alice, "Keep me", &["rust"]).await;
    let doomed = app
        .create_post(&alice, "Delete me", &["rust", "doomed"])
        .await;
    let keep_id = keep["id"].as_i64().unwrap_or(0);
    let doomed_id = doomed["id"].as_i64().unwrap_or(0);

    for post in [keep_id, doomed_id] {
        app.put(
            &format!("/api/v1/posts/{post}/like"),
            Some(&bob.access_token),
        )
        .await;
        app.put(
            &format!("/api/v1/posts/{post}/collect"),
            Some(&bob.access_token),
        )
        .await;
    }
    let comment = app
        .post(
            &format!("/api/v1/posts/{doomed_id}/comments"),
            Some(&bob.access_token),
            json!({"content": "hi"}),
        )
        .await;
    let comment_id = comment.body["id"].as_i64().unwrap_or(0);
    app.put(
        &format!("/api/v1/comments/{comment_id}/like"),
        Some(&alice.access_token),
    )
    .await;

    let not_yours = app
        .delete(
            &format!("/api/v1/posts/{doomed_id}"),
            Some(&bob.access_token),
        )
        .await;
    assert_eq!(not_yours.status, StatusCode::FORBIDDEN);

    let deleted = app
        .delete(
            &format!("/api/v1/posts/{doomed_id}"),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&format!("/api/v1/posts/{doomed_id}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    assert_eq!(
        app.count_rows(&format!("comments WHERE target_id = {doomed_id}"))
            .await,
        0
    );
    assert_eq!(
        app.count_rows(&format!(
            "likes WHERE target_id = {comment_id} AND target_kind = 2"
        ))
        .await,
        0
    );
    assert_eq!(
        app.count_rows(&format!(
            "likes WHERE target_id = {doomed_id} AND target_kind = 1"
        ))
        .await,
        0
    );
    assert_eq!(
        app.count_rows(&format!("collects WHERE target_id = {doomed_id}"))
            .await,
        0
    );
    assert_eq!(
        app.count_rows(&format!("post_tags WHERE post_id = {doomed_id}"))
            .await,
        0
    );
    assert_eq!(
        app.count_rows(&format!(
            "user_stats WHERE user_id = {} AND post_count = 1",
            alice.id
        ))
        .await,
        1
    );
    // The other post is untouched.
    let kept = app.get(&format!("/api/v1/posts/{keep_id}"), None).await;
    assert_eq!(
        (
            kept.body["like_count"].clone(),
            kept.body["collect_count"].clone()
        ),
        (json!(1), json!(1))
    );
    assert_eq!(
        ids(&app
            .get(&format!("/api/v1/users/{}/likes", bob.id), None)
            .await),
        vec![keep_id]
    );
    assert_eq!(
        ids(&app
            .get(
                &format!("/api/v1/users/{}/collects", bob.id),
                Some(&bob.access_token)
            )
            .await),
        vec![keep_id]
    );
    let tags = app.get("/api/v1/tags", None).await;
    assert_eq!(
        tags.body["items"],
        json!([{"name": "rust", "post_count": 1}])
    );
}

/// A tag and an author together are filtered in the query: every page is full while more of
/// the author's posts with the tag exist, however many other authors use the tag.
#[tokio::test]
async fn tag_and_author_filters_fill_every_page() {
    let app = crate::helpers::spawn_app().await;
    let people = app.bulk_users(2, "mixer").await;
    let mut mine = Vec::new();
    for index in 0..3 {
        mine.push(
            app.create_post(&people[0], &format!("mine {index}"), &["mix"])
                .await["id"]
                .as_i64()
                .unwrap_or(0),
        );
        for other in 0..3 {
            app.create_post(&people[1], &format!("other {index}.{other}"), &["mix"])
                .await;
        }
    }
    mine.reverse();
    let author = people[0].id;
    let first = app
        .get(
            format!("/api/v1/posts?tag=mix&author={author}&limit=2"),
            None,
        )
        .await;
    assert_eq!(
        crate::helpers::ids(&first),
        mine[..2].to_vec(),
        "{:?}",
        first.body
    );
    let cursor = first.body["next_cursor"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let second = app
        .get(
            format!("/api/v1/posts?tag=mix&author={author}&limit=2&cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!(crate::helpers::ids(&second), mine[2..].to_vec());
    assert!(second.body["next_cursor"].is_null());
}

/// Trimming, link cleaning and tag normalisation happen once, as a request is parsed: a create
/// and an update with the same input store the same thing.
#[tokio::test]
async fn create_and_update_normalise_alike() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let input = json!({
        "title": "  Spaced out  ",
        "orig_url": "  https://example.com/a  ",
        "content": "Body",
        "tags": [" Rust", "rust", "WEB "]
    });
    let created = app
        .post("/api/v1/posts", Some(&alice.access_token), input.clone())
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(created.body["title"], "Spaced out");
    assert_eq!(created.body["orig_url"], "https://example.com/a");
    assert_eq!(created.body["tags"], json!(["rust", "web"]));

    let other = app.create_post(&alice, "Plain", &[]).await;
    let updated = app
        .patch(
            format!("/api/v1/posts/{}", other["id"]),
            Some(&alice.access_token),
            input,
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{:?}", updated.body);
    for field in ["title", "orig_url", "tags"] {
        assert_eq!(updated.body[field], created.body[field], "{field}");
    }
    // An empty (or blank) link removes it on update.
    let cleared = app
        .patch(
            format!("/api/v1/posts/{}", other["id"]),
            Some(&alice.access_token),
            json!({"orig_url": "   "}),
        )
        .await;
    assert_eq!(cleared.body["orig_url"], serde_json::Value::Null);
}

/// What people collect is private by default: only they see it, until they choose to show it.
#[tokio::test]
async fn collects_are_private_until_shown() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let post = app.create_post(&alice, "Worth keeping", &[]).await;
    let id = post["id"].as_i64().unwrap_or(0);
    app.put(
        format!("/api/v1/posts/{id}/collect"),
        Some(&bob.access_token),
    )
    .await;
    let path = "/api/v1/users/bob/collects";

    let own = app.get(path, Some(&bob.access_token)).await;
    assert_eq!(ids(&own), vec![id], "the owner always sees them");
    for token in [None, Some(alice.access_token.as_str())] {
        let other = app.get(path, token).await;
        assert_eq!(other.status, StatusCode::FORBIDDEN);
        assert_eq!(other.code(), "collects_private");
    }
    let me = app.get("/api/v1/me", Some(&bob.access_token)).await;
    assert_eq!(me.body["collects_public"], false);
    let profile = app.get("/api/v1/users/bob", None).await;
    assert_eq!(profile.body["collects_public"], false);

    let shown = app
        .patch(
            "/api/v1/me",
            Some(&bob.access_token),
            json!({"collects_public": true}),
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK, "{:?}", shown.body);
    assert_eq!(shown.body["collects_public"], true);
    // Seen at once by others (the cached profile row was dropped by the write).
    assert_eq!(ids(&app.get(path, None).await), vec![id]);
    assert_eq!(
        app.get("/api/v1/users/bob", None).await.body["collects_public"],
        true
    );

    app.patch(
        "/api/v1/me",
        Some(&bob.access_token),
        json!({"collects_public": false}),
    )
    .await;
    assert_eq!(app.get(path, None).await.status, StatusCode::FORBIDDEN);
}
