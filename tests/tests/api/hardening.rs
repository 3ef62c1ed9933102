//! Attacks from the security review, each replayed against the real server: forged cursors,
//! unbounded limiter keys and bodies, NUL characters, publishing around the confirmation rule,
//! revoked sessions, look-alike names, probes, headers and metrics.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_with};

/// Every paged endpoint refuses a cursor the server could not have issued, before any work:
/// the old unsigned formats with absurd values (`o1:10000000000` once made search allocate
/// 80 GB), garbage, over-long strings and cursors of another list's kind.
#[tokio::test]
async fn forged_cursors_are_refused_on_every_paged_endpoint() {
    let app = spawn_app().await;
    let user = app.register("pager").await;
    app.create_post(&user, "A post to page over", &["paged"])
        .await;
    let forged = [
        URL_SAFE_NO_PAD.encode("o1:10000000000"),
        URL_SAFE_NO_PAD.encode("v1:9223372036854775807"),
        URL_SAFE_NO_PAD.encode("h1:0:7ff0000000000000:1"),
        URL_SAFE_NO_PAD.encode("k:5"),
        URL_SAFE_NO_PAD.encode("o:999999999999"),
        "A".repeat(5000),
        "%00".into(),
        "not-base64!".into(),
    ];
    let id = user.id;
    let lists = [
        "/api/v1/search?q=zzqxnomatch".to_string(),
        "/api/v1/posts?sort=hot".into(),
        "/api/v1/posts?limit=5".into(),
        "/api/v1/tags/paged/posts?limit=5".into(),
        "/api/v1/tags/paged/posts?sort=hot".into(),
        format!("/api/v1/users/{id}/posts?limit=5"),
        format!("/api/v1/users/{id}/likes?limit=5"),
        format!("/api/v1/users/{id}/followers?limit=5"),
        "/api/v1/posts/1/comments?limit=5".into(),
        "/api/v1/feed?limit=5".into(),
    ];
    for list in &lists {
        for cursor in &forged {
            let reply = app
                .get(format!("{list}&cursor={cursor}"), Some(&user.access_token))
                .await;
            let expected = if cursor == "%00" {
                "invalid_characters"
            } else {
                "invalid_cursor"
            };
            assert_eq!(
                reply.status,
                StatusCode::BAD_REQUEST,
                "{list} {cursor}: {:?}",
                reply.body
            );
            assert_eq!(reply.code(), expected, "{list} {cursor}");
        }
    }
    // A genuine cursor still works, and one list's cursor is refused by a list of another kind.
    for index in 0..3 {
        app.create_post(&user, &format!("More {index}"), &["paged"])
            .await;
    }
    let first = app.get("/api/v1/posts?limit=2", None).await;
    let cursor = first.body["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_string();
    let second = app
        .get(format!("/api/v1/posts?limit=2&cursor={cursor}"), None)
        .await;
    assert_eq!(second.status, StatusCode::OK);
    let search = app
        .get(format!("/api/v1/search?q=more&cursor={cursor}"), None)
        .await;
    assert_eq!(search.code(), "invalid_cursor");
    // The server is still here.
    assert_eq!(app.get("/health/live", None).await.status, StatusCode::OK);
}

/// Limiter keys are bounded: a login with a megabyte-long name is refused by the body limit
/// (413) before anything is counted, and one within the limit but invalid is a 422.
#[tokio::test]
async fn oversized_and_invalid_login_names_are_refused_before_counting() {
    let app = spawn_app_with(|settings| {
        settings.rate_limit_per_ip = 1000;
        settings.rate_limit_per_account = 3;
    })
    .await;
    let huge = "x".repeat(1024 * 1024);
    let reply = app.login(huge, "whatever1").await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{:?}",
        reply.body
    );
    let long = "y".repeat(3000);
    let reply = app.login(long, "whatever1").await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        reply.body
    );
    // The limiter itself still works per account, for names that differ only in case.
    let user = app.register("limited").await;
    for login in ["limited", "LIMITED", " Limited "] {
        let reply = app.login(login, "wrong-password").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let reply = app.login("limited", &user.password).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
}

/// NUL characters never reach the database (PostgreSQL refuses them): URLs and JSON bodies are
/// refused with 400 `invalid_characters`; control characters in titles and names are a 422.
#[tokio::test]
async fn nul_and_control_characters_are_refused_alike_on_every_database() {
    let app = spawn_app().await;
    let user = app.register("nully").await;
    let token = Some(user.access_token.as_str());
    for path in [
        "/api/v1/users/al%00ice",
        "/api/v1/posts?tag=a%00b",
        "/api/v1/search?q=a%00b",
        "/api/v1/tags/a%00b/posts",
    ] {
        let reply = app.get(path, None).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{path}: {:?}",
            reply.body
        );
        assert_eq!(reply.code(), "invalid_characters");
    }
    let bodies = [
        (
            "/api/v1/auth/login",
            json!({"login": "al\u{0}ice", "password": "whatever1"}),
        ),
        (
            "/api/v1/auth/register",
            json!({"name": "nul\u{0}name", "email": "n@example.com", "password": "long-enough-1"}),
        ),
        (
            "/api/v1/posts",
            json!({"title": "t\u{0}", "content": "body"}),
        ),
        (
            "/api/v1/posts",
            json!({"title": "title", "content": "bo\u{0}dy"}),
        ),
    ];
    for (path, body) in bodies {
        let reply = app.post(path, token, body).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{path}: {:?}",
            reply.body
        );
        assert_eq!(reply.code(), "invalid_characters");
    }
    let reply = app
        .patch("/api/v1/me", token, json!({"bio": "nul \u{0} here"}))
        .await;
    assert_eq!(reply.code(), "invalid_characters");
    // Other control characters: refused where a line of text is expected.
    let reply = app
        .post(
            "/api/v1/posts",
            token,
            json!({"title": "two\nlines", "content": "body"}),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        reply.body
    );
    assert!(reply.body["error"]["fields"]["title"].is_array());
    let reply = app
        .post(
            "/api/v1/posts",
            token,
            json!({"title": "bell", "content": "ding \u{7}"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The literal text `\u0000` (an escaped backslash) is ordinary text.
    let reply = app
        .post(
            "/api/v1/posts",
            token,
            json!({"title": "Escapes", "content": "write `\\u0000` in JSON"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
}

/// An unconfirmed account cannot publish by importing a feed either: one rule for every path.
#[tokio::test]
async fn unconfirmed_accounts_cannot_publish_through_feed_import() {
    let app = spawn_app_with(|settings| settings.require_confirmed_email = true).await;
    let user = app.register("unconfirmed").await;
    let token = Some(user.access_token.as_str());
    let post = app
        .post(
            "/api/v1/posts",
            token,
            json!({"title": "Mine", "content": "body"}),
        )
        .await;
    assert_eq!(post.code(), "email_unconfirmed");
    let feed = app
        .post(
            "/api/v1/me/feeds",
            token,
            json!({"url": "https://example.com/feed.xml"}),
        )
        .await;
    assert_eq!(feed.status, StatusCode::FORBIDDEN, "{:?}", feed.body);
    assert_eq!(feed.code(), "email_unconfirmed");
    assert_eq!(app.count_rows("feed_sources").await, 0);
    assert_eq!(app.count_rows("posts").await, 0);
}

/// Logout, a password change and refresh-token reuse end the session for its access token on
/// the next request, not when the token expires.
#[tokio::test]
async fn revoked_sessions_stop_working_at_once() {
    let app = spawn_app().await;
    // Logout.
    let user = app.register("leaver").await;
    let token = Some(user.access_token.as_str());
    assert_eq!(app.get("/api/v1/me", token).await.status, StatusCode::OK);
    let out = app
        .post(
            "/api/v1/auth/logout",
            None,
            json!({"refresh_token": user.refresh_token}),
        )
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let after = app.get("/api/v1/me", token).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.code(), "session_revoked");

    // Refresh-token reuse revokes the family: the newest access token stops too.
    let user = app.register("reuser").await;
    let rotated = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": user.refresh_token}),
        )
        .await;
    assert_eq!(rotated.status, StatusCode::OK);
    let newest = rotated.body["access_token"]
        .as_str()
        .expect("access")
        .to_string();
    assert_eq!(
        app.get("/api/v1/me", Some(&newest)).await.status,
        StatusCode::OK
    );
    let reuse = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": user.refresh_token}),
        )
        .await;
    assert_eq!(reuse.code(), "refresh_token_reused");
    assert_eq!(
        app.get("/api/v1/me", Some(&newest)).await.code(),
        "session_revoked"
    );

    // A password change signs out the other sessions, not the one that made it.
    let user = app.register("changer").await;
    let other = app.login("changer", &user.password).await;
    let other_token = other.body["access_token"]
        .as_str()
        .expect("access")
        .to_string();
    assert_eq!(
        app.get("/api/v1/me", Some(&other_token)).await.status,
        StatusCode::OK
    );
    let changed = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/me/password",
            Some(&user.access_token),
            Some(json!({"current_password": user.password, "new_password": "a-new-password-2"})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{:?}", changed.body);
    assert_eq!(
        app.get("/api/v1/me", Some(&other_token)).await.code(),
        "session_revoked"
    );
    assert_eq!(
        app.get("/api/v1/me", Some(&user.access_token)).await.status,
        StatusCode::OK
    );
}

/// Names are unique up to case, width and look-alike letters; fillers and mixed scripts are
/// refused; the same on every database.
#[tokio::test]
async fn look_alike_and_invisible_names_are_refused() {
    let app = spawn_app().await;
    app.register("alice").await;
    app.register("bob").await;
    for (name, code) in [
        ("Alice", "name_taken"),
        ("ALICE", "name_taken"),
        ("ａｌｉｃｅ", "validation_failed"),
        ("аlice", "validation_failed"),
        ("bοb", "validation_failed"),
        ("ㅤㅤㅤ", "validation_failed"),
        ("al\u{200B}ice", "validation_failed"),
    ] {
        let reply = app
            .post(
                "/api/v1/auth/register",
                None,
                json!({"name": name, "email": format!("{}@example.com", uuid::Uuid::new_v4().simple()), "password": "long-enough-1"}),
            )
            .await;
        assert_eq!(reply.code(), code, "{name}: {:?}", reply.body);
        assert!(reply.body["error"]["fields"]["name"].is_array(), "{name}");
    }
    // Distinct names still are, in any single script.
    app.register("alice_2").await;
    for name in ["李小龙", "Иван", "やまだ太郎"] {
        let reply = app
            .post(
                "/api/v1/auth/register",
                None,
                json!({"name": name, "email": format!("{}@example.com", uuid::Uuid::new_v4().simple()), "password": "long-enough-1"}),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{name}: {:?}",
            reply.body
        );
    }
}

/// Security headers on the API, the web app's pages and errors; probes at stable paths;
/// metrics only for loopback clients or the token.
#[tokio::test]
async fn headers_probes_and_metrics() {
    let app = spawn_app_with(|settings| {
        settings.metrics_token = Some("metrics-token-for-tests".to_string().into());
    })
    .await;
    let client = reqwest::Client::new();
    let base = app.api.address.clone();
    for path in [
        "/api/v1/posts",
        "/api/v1/nope",
        "/",
        "/posts/1",
        "/health/live",
    ] {
        let response = client
            .get(format!("{base}{path}"))
            .send()
            .await
            .expect("reply");
        let headers = response.headers();
        let csp = headers
            .get("content-security-policy")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(
            headers.get("x-content-type-options").map(|v| v.as_bytes()),
            Some(&b"nosniff"[..]),
            "{path}"
        );
        assert_eq!(
            headers.get("x-frame-options").map(|v| v.as_bytes()),
            Some(&b"DENY"[..]),
            "{path}"
        );
        assert!(headers.get("referrer-policy").is_some(), "{path}");
    }
    let live = app.get("/health/live", None).await;
    assert_eq!(live.status, StatusCode::OK);
    assert_eq!(live.body["status"], "ok");
    let ready = app.get("/health/ready", None).await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body["backends"]["database"]["status"], "ok");
    // With a token configured, /metrics wants it, even from loopback.
    let refused = client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .expect("reply");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let allowed = client
        .get(format!("{base}/metrics"))
        .bearer_auth("metrics-token-for-tests")
        .send()
        .await
        .expect("reply");
    assert_eq!(allowed.status(), StatusCode::OK);
    assert!(
        allowed
            .text()
            .await
            .unwrap_or_default()
            .contains("tidings_")
    );
}

/// Markdown whose rendering would be super-linear is refused at once with a field message
/// (100 kB of `> ` once took 15 s and stalled every other request); a normal long post is fine.
#[tokio::test]
async fn pathological_markdown_is_refused_quickly_and_normal_markdown_renders() {
    let app = spawn_app().await;
    let user = app.register("writer").await;
    let token = Some(user.access_token.as_str());
    for content in [
        "> ".repeat(50_000),
        "1. ".repeat(30_000),
        "* + - ".repeat(15_000),
        "<div>".repeat(20_000),
        format!("{}{}", "<b x=1>".repeat(5_000), "<p>y".repeat(5_000)),
    ] {
        let started = std::time::Instant::now();
        let reply = app
            .post(
                "/api/v1/posts",
                token,
                json!({"title": "Deep", "content": content}),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{:?}",
            reply.body
        );
        assert!(reply.body["error"]["fields"]["content"].is_array());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }
    let normal = "A paragraph with *emphasis*, `code` and a [link](https://example.com).\n\n- one\n  - two\n    - three\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n".repeat(300);
    let reply = app
        .post(
            "/api/v1/posts",
            token,
            json!({"title": "Long and normal", "content": normal}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let html = reply.body["content_html"].as_str().unwrap_or_default();
    assert!(html.contains("<blockquote>") && html.contains("<table>"));
    // Only task-list checkboxes survive as inputs.
    let reply = app
        .post(
            "/api/v1/posts",
            token,
            json!({"title": "Inputs", "content": "- [x] done\n\n<input type=\"password\"> <input type=\"submit\">"}),
        )
        .await;
    let html = reply.body["content_html"].as_str().unwrap_or_default();
    assert!(
        !html.contains("password") && !html.contains("submit"),
        "{html}"
    );
}

/// HSTS is sent when the public address is https.
#[tokio::test]
async fn hsts_when_the_public_url_is_https() {
    let app =
        spawn_app_with(|settings| settings.public_url = "https://tidings.example".into()).await;
    let response = reqwest::get(format!("{}/api/v1/posts", app.api.address))
        .await
        .expect("reply");
    assert!(
        response
            .headers()
            .get("strict-transport-security")
            .is_some_and(|value| value.to_str().unwrap_or_default().contains("max-age=")),
    );
}

/// Query syntax is not offered: what used to be a 503 is an ordinary search for words.
#[tokio::test]
async fn search_query_syntax_is_plain_words() {
    let app = spawn_app().await;
    for q in [
        "title:*",
        "*",
        "\"unclosed",
        "a AND OR NOT",
        "tags:[a TO z]",
        "(((",
        "+-!^~",
    ] {
        let reply = app
            .get(format!("/api/v1/search?q={}", urlencode(q)), None)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{q}: {:?}", reply.body);
    }
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}
