//! Moderation: roles checked on every moderation endpoint, reports and the queue, removal and
//! restore (gone from every list, search, hot page, timeline and both processes' caches on the
//! next read; back with the same counts), locks, bans (on already-issued tokens, on every write
//! endpoint), the public log, and the notices the people concerned receive.

use reqwest::{Method, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{Remote, TestApp, TestUser, TwoProcesses, eventually, spawn_app};

/// Makes an account an administrator or a moderator straight in the database — before it made
/// any request, so no cache holds its standing yet.
async fn promote(app: &TestApp, user: &TestUser, admin: bool) {
    let column = if admin { "is_admin" } else { "is_moderator" };
    app.db
        .execute_unprepared(&format!(
            "UPDATE users SET {column} = TRUE WHERE id = {}",
            user.id
        ))
        .await
        .expect("promote");
}

/// The ids of a page's items (a search result's post id).
fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item["id"].as_i64().or_else(|| item["post"]["id"].as_i64()))
                .collect()
        })
        .unwrap_or_default()
}

fn token(user: &TestUser) -> Option<&str> {
    Some(user.access_token.as_str())
}

/// Every `(method, path)` of the document whose path starts with `prefix`, path parameters
/// filled with `fill`.
fn operations(prefix: &str, fill: &str) -> Vec<(Method, String)> {
    let document: Value =
        serde_json::from_str(&tidings::openapi::json()).expect("the OpenAPI document");
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        let path = path.trim_start_matches("/api/v1");
        if !path.starts_with(prefix) {
            continue;
        }
        let concrete: String = path
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    fill.to_string()
                } else {
                    segment.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                found.push((
                    Method::from_bytes(method.to_uppercase().as_bytes()).expect("method"),
                    format!("/api/v1{concrete}"),
                ));
            }
        }
    }
    found
}

#[tokio::test]
async fn only_moderators_reach_moderation_endpoints_and_only_admins_appoint() {
    let app = spawn_app().await;
    let admin = app.register("root").await;
    let moderator = app.register("mod").await;
    let plain = app.register("plain").await;
    promote(&app, &admin, true).await;
    promote(&app, &moderator, false).await;

    let moderation = operations("/mod/", &plain.id.to_string());
    let administration = operations("/admin/", &plain.id.to_string());
    assert!(moderation.len() >= 10, "{moderation:?}");
    assert!(administration.len() >= 2, "{administration:?}");
    for (method, path) in moderation.iter().chain(administration.iter()) {
        // A valid body, so what is refused is the caller, not the request.
        let body = if path.ends_with("/ban") {
            json!({"reason": "test", "days": 1})
        } else {
            json!({"reason": "test"})
        };
        let reply = app
            .request(method.clone(), path, token(&plain), Some(body.clone()))
            .await;
        assert_eq!(
            (reply.status, reply.code()),
            (StatusCode::FORBIDDEN, "forbidden"),
            "plain user: {method} {path}: {}",
            reply.body
        );
        let anonymous = app
            .request(method.clone(), path, None, Some(body.clone()))
            .await;
        assert_eq!(
            anonymous.status,
            StatusCode::UNAUTHORIZED,
            "{method} {path}"
        );
    }
    for (method, path) in &administration {
        let reply = app
            .request(method.clone(), path, token(&moderator), None)
            .await;
        assert_eq!(
            (reply.status, reply.code()),
            (StatusCode::FORBIDDEN, "forbidden"),
            "moderator: {method} {path}: {}",
            reply.body
        );
    }

    // An administrator appoints and removes moderators; the role shows on /me at once.
    let appointed = app
        .put("/api/v1/admin/moderators/plain", token(&admin))
        .await;
    assert_eq!(appointed.status, StatusCode::OK, "{}", appointed.body);
    assert_eq!(appointed.body["action"], "appoint");
    let me = app.get("/api/v1/me", token(&plain)).await;
    assert_eq!(me.body["role"], "moderator");
    let queue = app.get("/api/v1/mod/reports", token(&plain)).await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    let again = app
        .put("/api/v1/admin/moderators/plain", token(&admin))
        .await;
    assert_eq!(again.code(), "already_moderator");
    let staff = app.get("/api/v1/moderators", None).await;
    let names: Vec<&str> = staff
        .body
        .as_array()
        .expect("staff")
        .iter()
        .filter_map(|member| member["user"]["name"].as_str())
        .collect();
    assert_eq!(names, ["root", "mod", "plain"]);
    let removed = app
        .delete("/api/v1/admin/moderators/plain", token(&admin))
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    let queue = app.get("/api/v1/mod/reports", token(&plain)).await;
    assert_eq!(queue.status, StatusCode::FORBIDDEN);

    // Moderators do not ban moderators; nobody bans an administrator or themselves.
    let ban = json!({"reason": "no"});
    let reply = app
        .post("/api/v1/mod/users/root/ban", token(&moderator), ban.clone())
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let reply = app
        .post("/api/v1/mod/users/mod/ban", token(&moderator), ban.clone())
        .await;
    assert_eq!(reply.code(), "own_account");
    // The command line appoints too, logged as the operator's.
    let output = app
        .command()
        .args(["moderator", "add", "plain"])
        .output()
        .expect("tidings moderator add");
    assert!(output.status.success(), "{output:?}");
    let log = app
        .get("/api/v1/modlog?action=appoint&target_user=plain", None)
        .await;
    assert_eq!(log.body["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(log.body["items"][0]["moderator"]["name"], "[operator]");
}

/// One post seen by every kind of list: latest, its tag, its author's, search, hot and a
/// follower's timeline.
async fn lists_showing(remote: &Remote, reader: &TestUser, post: i64) -> Vec<&'static str> {
    let mut showing = Vec::new();
    for (name, path) in [
        ("latest", "/api/v1/posts?limit=50".to_string()),
        ("tag", "/api/v1/tags/moderated/posts".to_string()),
        ("author", "/api/v1/users/author/posts".to_string()),
        ("search", "/api/v1/search?q=zebracorn".to_string()),
        ("hot", "/api/v1/posts?sort=hot&limit=50".to_string()),
        ("timeline", "/api/v1/feed".to_string()),
    ] {
        let reply = remote.get(&path, token(reader)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        if ids(&reply.body).contains(&post) {
            showing.push(name);
        }
    }
    showing
}

const EVERY_LIST: [&str; 6] = ["latest", "tag", "author", "search", "hot", "timeline"];

/// Creates the moderated post with a like, a collect and a comment, followed by `reader`.
async fn moderated_post(remote: &Remote, author: &TestUser, reader: &TestUser) -> i64 {
    let follow = remote
        .put("/api/v1/users/author/follow", token(reader))
        .await;
    assert_eq!(follow.status, StatusCode::OK, "{}", follow.body);
    let post = remote
        .post(
            "/api/v1/posts",
            token(author),
            json!({"title": "Zebracorn sighting", "content": "A zebracorn was seen.", "tags": ["moderated"]}),
        )
        .await;
    assert_eq!(post.status, StatusCode::CREATED, "{}", post.body);
    let id = post.body["id"].as_i64().expect("id");
    remote
        .put(format!("/api/v1/posts/{id}/like"), token(reader))
        .await;
    remote
        .put(format!("/api/v1/posts/{id}/collect"), token(reader))
        .await;
    let comment = remote
        .post(
            format!("/api/v1/posts/{id}/comments"),
            token(reader),
            json!({"content": "Wow"}),
        )
        .await;
    assert_eq!(comment.status, StatusCode::CREATED, "{}", comment.body);
    id
}

async fn counts(remote: &Remote, post: i64, viewer: &TestUser) -> (Value, Value, Value) {
    let reply = remote
        .get(format!("/api/v1/posts/{post}"), token(viewer))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    (
        reply.body["like_count"].clone(),
        reply.body["collect_count"].clone(),
        reply.body["comment_count"].clone(),
    )
}

#[tokio::test]
async fn a_removed_post_leaves_every_list_at_once_and_comes_back_with_its_counts() {
    let app = spawn_app().await;
    let author = app.register("author").await;
    let reader = app.register("reader").await;
    let moderator = app.register("moderator").await;
    promote(&app, &moderator, false).await;
    let post = moderated_post(&app, &author, &reader).await;
    eventually(20, "the post in every list", || async {
        let showing = lists_showing(&app, &reader, post).await;
        (showing == EVERY_LIST).then_some(())
    })
    .await;
    let before = counts(&app, post, &reader).await;
    let posts_before =
        app.get("/api/v1/users/author", None).await.body["stats"]["post_count"].clone();
    assert_eq!(posts_before, 1);

    let removed = app
        .post(
            format!("/api/v1/mod/posts/{post}/remove"),
            token(&moderator),
            json!({"reason": "Spam about zebracorns"}),
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    assert_eq!(removed.body["action"], "remove");
    // The very next read of every list, before any job ran.
    assert_eq!(lists_showing(&app, &reader, post).await, Vec::<&str>::new());
    // Others see why; its author and moderators see it with the reason.
    for viewer in [None, token(&reader)] {
        let page = app.get(format!("/api/v1/posts/{post}"), viewer).await;
        assert_eq!(page.status, StatusCode::GONE, "{}", page.body);
        assert_eq!(page.code(), "removed");
        assert_eq!(
            page.body["error"]["fields"]["reason"][0],
            "Spam about zebracorns"
        );
        let thread = app
            .get(format!("/api/v1/posts/{post}/comments"), viewer)
            .await;
        assert_eq!(thread.status, StatusCode::GONE);
    }
    for viewer in [&author, &moderator] {
        let page = app
            .get(format!("/api/v1/posts/{post}"), token(viewer))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert_eq!(page.body["removed"]["reason"], "Spam about zebracorns");
        assert_eq!(page.body["content"], "A zebracorn was seen.");
    }
    assert_eq!(
        app.get("/api/v1/users/author", None).await.body["stats"]["post_count"],
        0
    );
    // Nobody comments on a removed post; nothing was deleted.
    let comment = app
        .post(
            format!("/api/v1/posts/{post}/comments"),
            token(&reader),
            json!({"content": "still here?"}),
        )
        .await;
    assert_eq!(comment.status, StatusCode::GONE, "{}", comment.body);
    assert_eq!(app.count_rows(&format!("posts WHERE id = {post}")).await, 1);
    assert_eq!(
        app.count_rows(&format!(
            "likes WHERE target_id = {post} AND target_kind = 1"
        ))
        .await,
        1
    );
    // The search index drops it too, not only the cards.
    eventually(20, "the document leaves the index", || async {
        let marks = app.count_rows("search_dirty").await;
        (marks == 0).then_some(())
    })
    .await;
    assert!(!lists_showing(&app, &reader, post).await.contains(&"search"));

    let restored = app
        .post(
            format!("/api/v1/mod/posts/{post}/restore"),
            token(&moderator),
            json!({"reason": "Zebracorns are real"}),
        )
        .await;
    assert_eq!(restored.status, StatusCode::OK, "{}", restored.body);
    // Lists built from ids and cards are back at once; search and the timeline once the
    // index and the fan-out job have run.
    let now = lists_showing(&app, &reader, post).await;
    for list in ["latest", "tag", "author"] {
        assert!(now.contains(&list), "{list} after restore: {now:?}");
    }
    eventually(20, "the post back in every list", || async {
        (lists_showing(&app, &reader, post).await == EVERY_LIST).then_some(())
    })
    .await;
    assert_eq!(counts(&app, post, &reader).await, before);
    assert_eq!(
        app.get("/api/v1/users/author", None).await.body["stats"]["post_count"],
        1
    );
    let again = app
        .post(
            format!("/api/v1/mod/posts/{post}/restore"),
            token(&moderator),
            json!({"reason": "twice"}),
        )
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "not_removed")
    );

    // The author is told of both, with the reasons.
    let notices = eventually(20, "two moderation notices", || async {
        let inbox = app.get("/api/v1/me/notifications", token(&author)).await;
        let notices: Vec<Value> = inbox.body["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|item| item["kind"] == "moderation")
            .cloned()
            .collect();
        (notices.len() == 2).then_some(notices)
    })
    .await;
    assert_eq!(notices[0]["moderation"]["action"], "restore");
    assert_eq!(notices[1]["moderation"]["action"], "remove");
    assert_eq!(notices[1]["moderation"]["reason"], "Spam about zebracorns");
    assert_eq!(notices[1]["target"]["id"], post);
}

#[tokio::test]
async fn a_removal_reaches_both_processes_caches_on_the_next_read() {
    let Some(processes) = TwoProcesses::start().await else {
        return;
    };
    let (a, b) = (&processes.a, &processes.b);
    let author = a.register("author").await;
    let reader = a.register("reader").await;
    let moderator = a.register("moderator").await;
    let output = processes
        .command()
        .args(["moderator", "add", "moderator"])
        .output()
        .expect("tidings moderator add");
    assert!(output.status.success(), "{output:?}");
    let post = moderated_post(a, &author, &reader).await;
    // Warm both processes' caches: every list and the post's page.
    for remote in [a, b] {
        eventually(20, "the post in every list", || async {
            (lists_showing(remote, &reader, post).await == EVERY_LIST).then_some(())
        })
        .await;
        let page = remote.get(format!("/api/v1/posts/{post}"), None).await;
        assert_eq!(page.status, StatusCode::OK);
    }
    let before = counts(b, post, &reader).await;
    let removed = a
        .post(
            format!("/api/v1/mod/posts/{post}/remove"),
            token(&moderator),
            json!({"reason": "off topic"}),
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    // The other process drops its copies when Redis tells it (milliseconds).
    eventually(2, "gone from the other process", || async {
        let page = b.get(format!("/api/v1/posts/{post}"), None).await;
        (page.status == StatusCode::GONE).then_some(())
    })
    .await;
    assert_eq!(lists_showing(b, &reader, post).await, Vec::<&str>::new());
    assert_eq!(lists_showing(a, &reader, post).await, Vec::<&str>::new());

    let restored = b
        .post(
            format!("/api/v1/mod/posts/{post}/restore"),
            token(&moderator),
            json!({"reason": "fine after all"}),
        )
        .await;
    assert_eq!(restored.status, StatusCode::OK, "{}", restored.body);
    for remote in [a, b] {
        eventually(20, "back in every list", || async {
            (lists_showing(remote, &reader, post).await == EVERY_LIST).then_some(())
        })
        .await;
        assert_eq!(counts(remote, post, &reader).await, before);
    }
}

#[tokio::test]
async fn a_removed_comment_keeps_its_place_and_replies_and_locks_hold() {
    let app = spawn_app().await;
    let author = app.register("author").await;
    let reader = app.register("reader").await;
    let moderator = app.register("moderator").await;
    promote(&app, &moderator, false).await;
    let post = app.create_post(&author, "Thread", &[]).await["id"]
        .as_i64()
        .expect("id");
    let rude = app
        .post(
            format!("/api/v1/posts/{post}/comments"),
            token(&reader),
            json!({"content": "Something rude"}),
        )
        .await;
    let rude = rude.body["id"].as_i64().expect("comment id");
    let reply = app
        .post(
            format!("/api/v1/posts/{post}/comments"),
            token(&author),
            json!({"content": "Please be kind", "ref_id": rude}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let thread = format!("/api/v1/posts/{post}/comments");
    app.get(&thread, None).await;

    let removed = app
        .post(
            format!("/api/v1/mod/comments/{rude}/remove"),
            token(&moderator),
            json!({"reason": "Be civil"}),
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    let page = app.get(&thread, None).await;
    let first = &page.body["items"][0];
    assert_eq!(first["id"], rude);
    assert_eq!(first["removed"], true);
    assert_eq!(first["removed_reason"], "Be civil");
    assert_eq!(first["content"], "");
    assert_eq!(first["replies"][0]["content"], "Please be kind");
    for viewer in [&reader, &moderator] {
        let page = app.get(&thread, token(viewer)).await;
        assert_eq!(page.body["items"][0]["content"], "Something rude");
    }
    let card = app.get(format!("/api/v1/posts/{post}"), None).await;
    assert_eq!(card.body["comment_count"], 1);
    let restored = app
        .post(
            format!("/api/v1/mod/comments/{rude}/restore"),
            token(&moderator),
            json!({"reason": "Apologised"}),
        )
        .await;
    assert_eq!(restored.status, StatusCode::OK);
    let page = app.get(&thread, None).await;
    assert_eq!(page.body["items"][0]["content"], "Something rude");
    assert_eq!(page.body["items"][0]["removed"], false);
    let card = app.get(format!("/api/v1/posts/{post}"), None).await;
    assert_eq!(card.body["comment_count"], 2);

    // A lock closes the comments, and its author cannot reopen them.
    let locked = app
        .post(
            format!("/api/v1/mod/posts/{post}/lock"),
            token(&moderator),
            json!({"reason": "Heated"}),
        )
        .await;
    assert_eq!(locked.status, StatusCode::OK, "{}", locked.body);
    let page = app.get(format!("/api/v1/posts/{post}"), None).await;
    assert_eq!(page.body["can_comment"], false);
    assert_eq!(page.body["locked_reason"], "Heated");
    let comment = app
        .post(&thread, token(&reader), json!({"content": "one more"}))
        .await;
    assert_eq!(comment.code(), "comments_closed");
    let reopen = app
        .patch(
            format!("/api/v1/posts/{post}"),
            token(&author),
            json!({"can_comment": true}),
        )
        .await;
    assert_eq!(
        (reopen.status, reopen.code()),
        (StatusCode::FORBIDDEN, "locked")
    );
    let unlocked = app
        .post(
            format!("/api/v1/mod/posts/{post}/unlock"),
            token(&moderator),
            json!({"reason": "Calm again"}),
        )
        .await;
    assert_eq!(unlocked.status, StatusCode::OK);
    let comment = app
        .post(&thread, token(&reader), json!({"content": "one more"}))
        .await;
    assert_eq!(comment.status, StatusCode::CREATED, "{}", comment.body);
}

/// Write endpoints a banned person may still use: their own account's housekeeping.
const HOUSEKEEPING: [&str; 6] = [
    "/api/v1/me/password",
    "/api/v1/me/notifications/read",
    "/api/v1/me/notifications/{id}/read",
    "/api/v1/me/notifications/stream-ticket",
    "/api/v1/me/notification-settings",
    "/api/v1/auth/logout",
];

/// A body each write endpoint would accept, so what is refused is the banned caller: body
/// errors may be found before the caller's standing is (a new endpoint with a body needs a line
/// here, or the walk below fails on it).
fn valid_body(method: &str, path: &str, post: i64) -> Value {
    match (method, path.trim_start_matches("/api/v1")) {
        ("patch", "/comments/{id}") | ("post", "/posts/{id}/comments") => json!({"content": "c"}),
        ("patch", "/me") => json!({"bio": "b"}),
        ("post", "/me/email") => json!({"email": "new@example.com", "password": "p"}),
        ("post", "/me/feeds") => json!({"url": "https://example.com/feed.xml"}),
        ("post", "/posts") => json!({"title": "t", "content": "c"}),
        ("patch", "/posts/{id}") => json!({"title": "t"}),
        ("post", "/reports") => json!({"target_kind": "post", "target_id": post, "kind": "spam"}),
        ("post", path) if path.starts_with("/mod/") => json!({"reason": "r"}),
        _ => json!({}),
    }
}

#[tokio::test]
async fn a_ban_refuses_every_write_of_an_issued_token_and_unbanning_restores_content() {
    let app = spawn_app().await;
    let moderator = app.register("moderator").await;
    promote(&app, &moderator, false).await;
    let spammer = app.register("spammer").await;
    let other = app.register("other").await;
    let post = app.create_post(&spammer, "Buy things", &["deals"]).await["id"]
        .as_i64()
        .expect("id");
    let target = app.create_post(&other, "Honest post", &[]).await["id"]
        .as_i64()
        .expect("id");
    let comment = app
        .post(
            format!("/api/v1/posts/{target}/comments"),
            token(&spammer),
            json!({"content": "Buy things here"}),
        )
        .await;
    assert_eq!(comment.status, StatusCode::CREATED);
    // Warm the spammer's standing as a writer.
    app.get("/api/v1/me", token(&spammer)).await;

    let banned = app
        .post(
            "/api/v1/mod/users/spammer/ban",
            token(&moderator),
            json!({"reason": "Spam", "days": 7, "remove_content": true}),
        )
        .await;
    assert_eq!(banned.status, StatusCode::OK, "{}", banned.body);
    assert!(banned.body["expires_at"].is_string());

    // Every write endpoint of the document, with the token issued before the ban.
    let document: Value =
        serde_json::from_str(&tidings::openapi::json()).expect("the OpenAPI document");
    let mut walked = 0;
    for (path, item) in document["paths"].as_object().expect("paths") {
        for method in ["post", "put", "patch", "delete"] {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let signed_in = operation["security"]
                .as_array()
                .is_some_and(|security| !security.is_empty());
            if !signed_in || HOUSEKEEPING.contains(&path.as_str()) {
                continue;
            }
            let concrete = path
                .replace("{id}", &target.to_string())
                .replace("{key}", "other")
                .replace("{provider}", "github");
            let reply = app
                .request(
                    Method::from_bytes(method.to_uppercase().as_bytes()).expect("method"),
                    &concrete,
                    token(&spammer),
                    Some(valid_body(method, path, target)),
                )
                .await;
            assert_eq!(
                (reply.status, reply.code()),
                (StatusCode::FORBIDDEN, "banned"),
                "{method} {concrete}: {}",
                reply.body
            );
            assert!(reply.body["error"]["fields"]["until"][0].is_string());
            walked += 1;
        }
    }
    assert!(walked >= 20, "only {walked} write endpoints walked");
    // Reads, sign-in and housekeeping still work.
    assert_eq!(
        app.get("/api/v1/posts", token(&spammer)).await.status,
        StatusCode::OK
    );
    let me = app.get("/api/v1/me", token(&spammer)).await;
    assert_eq!(me.body["ban"]["reason"], "Spam");
    assert_eq!(
        app.login("spammer", &spammer.password).await.status,
        StatusCode::OK
    );
    let read = app
        .post("/api/v1/me/notifications/read", token(&spammer), json!({}))
        .await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    // What the ban removed is gone.
    let latest = app.get("/api/v1/posts", None).await;
    assert!(!ids(&latest.body).contains(&post));
    let thread = app
        .get(format!("/api/v1/posts/{target}/comments"), None)
        .await;
    assert_eq!(thread.body["items"][0]["removed"], true);

    let unbanned = app
        .post(
            "/api/v1/mod/users/spammer/unban",
            token(&moderator),
            json!({"reason": "Appeal accepted"}),
        )
        .await;
    assert_eq!(unbanned.status, StatusCode::OK, "{}", unbanned.body);
    let latest = app.get("/api/v1/posts", None).await;
    assert!(ids(&latest.body).contains(&post));
    let thread = app
        .get(format!("/api/v1/posts/{target}/comments"), None)
        .await;
    assert_eq!(thread.body["items"][0]["removed"], false);
    let like = app
        .put(format!("/api/v1/posts/{target}/like"), token(&spammer))
        .await;
    assert_eq!(like.status, StatusCode::OK, "{}", like.body);
    assert_eq!(
        app.get("/api/v1/users/spammer", None).await.body["stats"]["post_count"],
        1
    );
}

#[tokio::test]
async fn reports_queue_up_and_close_with_the_action_or_a_dismissal() {
    let app = spawn_app().await;
    let moderator = app.register("moderator").await;
    promote(&app, &moderator, false).await;
    let author = app.register("author").await;
    let first = app.register("first").await;
    let second = app.register("second").await;
    let spam = app.create_post(&author, "Spam", &[]).await["id"]
        .as_i64()
        .expect("id");
    let fine = app.create_post(&author, "Fine", &[]).await["id"]
        .as_i64()
        .expect("id");
    let report = |user: &TestUser, target: i64, kind: &str| {
        let body = json!({"target_kind": "post", "target_id": target, "kind": kind, "reason": ""});
        let token = user.access_token.clone();
        let app = &app;
        async move { app.post("/api/v1/reports", Some(&token), body).await }
    };
    assert_eq!(
        report(&first, spam, "spam").await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        report(&second, spam, "spam").await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        report(&first, fine, "harassment").await.status,
        StatusCode::CREATED
    );
    let twice = report(&first, spam, "spam").await;
    assert_eq!(
        (twice.status, twice.code()),
        (StatusCode::CONFLICT, "already_reported")
    );
    let own = report(&author, spam, "spam").await;
    assert_eq!(own.code(), "own_content");
    let vague = report(&second, fine, "other").await;
    assert_eq!(vague.status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing = report(&second, 999_999, "spam").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let user_report = app
        .post(
            "/api/v1/reports",
            token(&first),
            json!({"target_kind": "user", "target_id": author.id, "kind": "other", "reason": "Posts spam"}),
        )
        .await;
    assert_eq!(
        user_report.status,
        StatusCode::CREATED,
        "{}",
        user_report.body
    );

    let newest = app.get("/api/v1/mod/reports", token(&moderator)).await;
    assert_eq!(newest.body["items"].as_array().map(Vec::len), Some(4));
    assert_eq!(newest.body["items"][0]["target"]["kind"], "user");
    let most = app
        .get("/api/v1/mod/reports?sort=most_reported", token(&moderator))
        .await;
    let top = &most.body["items"][0];
    assert_eq!(top["target"]["id"], spam);
    assert_eq!(top["open_reports"], 2);
    assert_eq!(top["target"]["title"], "Spam");
    assert_eq!(most.body["items"].as_array().map(Vec::len), Some(3));

    // Removing the post answers both of its reports.
    app.post(
        format!("/api/v1/mod/posts/{spam}/remove"),
        token(&moderator),
        json!({"reason": "Spam"}),
    )
    .await;
    let open = app.get("/api/v1/mod/reports", token(&moderator)).await;
    assert_eq!(open.body["items"].as_array().map(Vec::len), Some(2));
    let closed = app
        .get("/api/v1/mod/reports?status=closed", token(&moderator))
        .await;
    let closed_items = closed.body["items"].as_array().expect("items");
    assert_eq!(closed_items.len(), 2);
    assert!(
        closed_items
            .iter()
            .all(|item| item["status"] == "resolved" && item["action"] == "remove")
    );
    // A dismissal closes the other.
    let fine_report = open.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|item| item["target"]["kind"] == "post" && item["target"]["id"] == fine)
        .expect("the report on the fine post")["id"]
        .as_i64()
        .expect("id");
    let dismissed = app
        .post(
            format!("/api/v1/mod/reports/{fine_report}/dismiss"),
            token(&moderator),
            json!({"reason": "Not harassment"}),
        )
        .await;
    assert_eq!(dismissed.status, StatusCode::OK, "{}", dismissed.body);
    let again = app
        .post(
            format!("/api/v1/mod/reports/{fine_report}/dismiss"),
            token(&moderator),
            json!({"reason": "again"}),
        )
        .await;
    assert_eq!(again.code(), "not_open");
    // Reporting again once the earlier report is closed is allowed.
    assert_eq!(
        app.count_rows(&format!(
            "reports WHERE target_kind = 'post' AND target_id = {fine} AND open_marker IS NULL"
        ))
        .await,
        1
    );
    let again = report(&first, fine, "spam").await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
}

#[tokio::test]
async fn the_public_log_has_a_row_for_every_action_with_filters() {
    let app = spawn_app().await;
    let admin = app.register("admin").await;
    promote(&app, &admin, true).await;
    let moderator = app.register("moderator").await;
    let author = app.register("author").await;
    let appoint = app
        .put("/api/v1/admin/moderators/moderator", token(&admin))
        .await;
    assert_eq!(appoint.status, StatusCode::OK);
    let post = app.create_post(&author, "Logged", &[]).await["id"]
        .as_i64()
        .expect("id");
    let comment = app
        .post(
            format!("/api/v1/posts/{post}/comments"),
            token(&author),
            json!({"content": "c"}),
        )
        .await;
    let comment = comment.body["id"].as_i64().expect("id");
    let reporter = app.register("reporter").await;
    app.post(
        "/api/v1/reports",
        token(&reporter),
        json!({"target_kind": "comment", "target_id": comment, "kind": "spam"}),
    )
    .await;
    let queue = app.get("/api/v1/mod/reports", token(&moderator)).await;
    let report = queue.body["items"][0]["id"].as_i64().expect("report");
    let reason = json!({"reason": "r"});
    let mod_token = token(&moderator);
    for path in [
        format!("/api/v1/mod/reports/{report}/dismiss"),
        format!("/api/v1/mod/posts/{post}/remove"),
        format!("/api/v1/mod/posts/{post}/restore"),
        format!("/api/v1/mod/posts/{post}/lock"),
        format!("/api/v1/mod/posts/{post}/unlock"),
        format!("/api/v1/mod/comments/{comment}/remove"),
        format!("/api/v1/mod/comments/{comment}/restore"),
        "/api/v1/mod/users/author/unban".to_string(),
    ] {
        let reply = app.post(&path, mod_token, reason.clone()).await;
        if path.ends_with("unban") {
            assert_eq!(reply.code(), "not_banned");
            let ban = app
                .post(
                    "/api/v1/mod/users/author/ban",
                    mod_token,
                    json!({"reason": "r"}),
                )
                .await;
            assert_eq!(ban.status, StatusCode::OK, "{}", ban.body);
            assert!(ban.body["expires_at"].is_null());
        }
        let reply = if path.ends_with("unban") {
            app.post(&path, mod_token, reason.clone()).await
        } else {
            reply
        };
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    }
    app.delete("/api/v1/admin/moderators/moderator", token(&admin))
        .await;

    let log = app.get("/api/v1/modlog?limit=100", None).await;
    let actions: Vec<&str> = log.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "unappoint",
            "unban",
            "ban",
            "restore",
            "remove",
            "unlock",
            "lock",
            "restore",
            "remove",
            "dismiss",
            "appoint"
        ]
    );
    assert_eq!(app.count_rows("moderation_actions").await, 11);
    let first = &log.body["items"][9];
    assert_eq!(first["moderator"]["name"], "moderator");
    assert_eq!(first["target"]["kind"], "comment");
    assert_eq!(first["target"]["post_id"], post);
    assert_eq!(first["target"]["title"], "Logged");
    let bans = app.get("/api/v1/modlog?action=ban", None).await;
    assert_eq!(ids(&bans.body).len(), 1);
    let by_admin = app.get("/api/v1/modlog?moderator=admin", None).await;
    assert_eq!(ids(&by_admin.body).len(), 2);
    let about_author = app
        .get("/api/v1/modlog?target_user=author&limit=3", None)
        .await;
    assert_eq!(ids(&about_author.body).len(), 3);
    let next = about_author.body["next_cursor"]
        .as_str()
        .expect("a next page");
    let rest = app
        .get(
            format!("/api/v1/modlog?target_user=author&cursor={next}"),
            None,
        )
        .await;
    assert_eq!(ids(&rest.body).len(), 6);
    let unknown = app.get("/api/v1/modlog?moderator=nobody", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn moderator_names_can_be_hidden_from_everyone_but_moderators() {
    let app =
        crate::helpers::spawn_app_with(|settings| settings.modlog_show_moderators = false).await;
    let moderator = app.register("moderator").await;
    promote(&app, &moderator, false).await;
    let author = app.register("author").await;
    let post = app.create_post(&author, "Hidden", &[]).await["id"]
        .as_i64()
        .expect("id");
    app.post(
        format!("/api/v1/mod/posts/{post}/lock"),
        token(&moderator),
        json!({"reason": "r"}),
    )
    .await;
    let public = app.get("/api/v1/modlog", token(&author)).await;
    assert!(
        public.body["items"][0]["moderator"].is_null(),
        "{}",
        public.body
    );
    let own = app.get("/api/v1/modlog", token(&moderator)).await;
    assert_eq!(own.body["items"][0]["moderator"]["name"], "moderator");
    let notice = eventually(20, "the lock notice", || async {
        let inbox = app.get("/api/v1/me/notifications", token(&author)).await;
        inbox.body["items"][0]
            .get("moderation")
            .filter(|note| !note.is_null())
            .map(|_| inbox.body["items"][0].clone())
    })
    .await;
    assert_eq!(notice["actors"].as_array().map(Vec::len), Some(0));
}
