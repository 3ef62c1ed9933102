//! The read path at the speed of the cache: warm pages people look at cost no SQL statement, and
//! every write still shows on the next read — to its author at once, to other readers and other
//! processes within the documented staleness (counts kept in a process for at most a second).

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{RedisServer, Remote, TestUser, TwoProcesses, spawn_app_with};

/// How long another process may show an older count (`LOCAL_COUNTS_TTL`), with slack for a
/// loaded test machine.
const OTHER_PROCESS: Duration = Duration::from_millis(2500);
/// How long an invalidation may take to reach another process through Redis pub/sub on a
/// loaded test machine (milliseconds in practice).
const PUB_SUB: Duration = Duration::from_millis(1000);

async fn statements(remote: &Remote) -> f64 {
    remote.metric("tidings_db_queries_total").await
}

/// Reads `path` until `check` holds, for at most `within` (once when zero); panics with the
/// last body otherwise.
async fn expect(
    reader: &Remote,
    path: &str,
    token: Option<&str>,
    within: Duration,
    what: &str,
    check: impl Fn(&Value) -> bool,
) {
    let deadline = std::time::Instant::now() + within;
    loop {
        let reply = reader.get(path, token).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        if check(&reply.body) {
            return;
        }
        if std::time::Instant::now() >= deadline {
            panic!("{what}: {path} answered {}", reply.body);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn item<'a>(page: &'a Value, id: &Value) -> Option<&'a Value> {
    page["items"]
        .as_array()
        .and_then(|items| items.iter().find(|item| item["id"] == *id))
}

fn has(page: &Value, id: &Value) -> bool {
    item(page, id).is_some()
}

/// Every comment of a thread page, replies included.
fn comments(page: &Value) -> Vec<Value> {
    fn walk(nodes: &Value, out: &mut Vec<Value>) {
        for node in nodes.as_array().into_iter().flatten() {
            out.push(node.clone());
            walk(&node["replies"], out);
        }
    }
    let mut out = Vec::new();
    walk(&page["items"], &mut out);
    out
}

fn comment<'a>(all: &'a [Value], id: &Value) -> Option<&'a Value> {
    all.iter().find(|comment| comment["id"] == *id)
}

struct Site {
    alice: TestUser,
    bob: TestUser,
    posts: Vec<Value>,
    comment: Value,
}

/// Alice writes three posts tagged `rust` with a short thread on the first; Bob follows her.
async fn seed(remote: &Remote) -> Site {
    let alice = remote.register("alice").await;
    let bob = remote.register("bob").await;
    let follow = remote
        .put(
            format!("/api/v1/users/{}/follow", alice.id),
            Some(&bob.access_token),
        )
        .await;
    assert_eq!(follow.status, StatusCode::OK, "{}", follow.body);
    let mut posts = Vec::new();
    for n in 0..3 {
        posts.push(
            remote
                .create_post(&alice, &format!("Post {n}"), &["rust"])
                .await["id"]
                .clone(),
        );
    }
    let comment = remote
        .post(
            format!("/api/v1/posts/{}/comments", posts[0]),
            Some(&bob.access_token),
            json!({"content": "First!"}),
        )
        .await;
    assert_eq!(comment.status, StatusCode::CREATED, "{}", comment.body);
    let reply = remote
        .post(
            format!("/api/v1/posts/{}/comments", posts[0]),
            Some(&alice.access_token),
            json!({"content": "Thanks", "ref_id": comment.body["id"]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    Site {
        alice,
        bob,
        posts,
        comment: comment.body["id"].clone(),
    }
}

/// The pages a signed-in reader looks at most, each warmed and then read ten times: no SQL.
async fn warm_pages_cost_no_sql(remote: &Remote, with_timelines: bool) {
    let site = seed(remote).await;
    let post = &site.posts[0];
    let mut pages = vec![
        "/api/v1/posts?limit=20".to_string(),
        "/api/v1/tags/rust/posts".to_string(),
        "/api/v1/users/alice/posts".to_string(),
        format!("/api/v1/posts/{post}"),
        format!("/api/v1/posts/{post}/comments"),
        format!("/api/v1/posts/{post}/comments?sort=top"),
    ];
    if with_timelines {
        pages.push("/api/v1/feed".to_string());
    }
    // A write's keys are deleted from Redis a second time 500 ms after its commit (against a
    // reader that loaded the old value just before it): let the seed's pass.
    tokio::time::sleep(Duration::from_millis(700)).await;
    for token in [Some(site.bob.access_token.as_str()), None] {
        for path in &pages {
            if token.is_none() && path.as_str() == "/api/v1/feed" {
                continue;
            }
            // Warm (a new timeline is built by a job; let it land).
            for _ in 0..3 {
                assert_eq!(remote.get(path, token).await.status, StatusCode::OK);
                tokio::time::sleep(Duration::from_millis(30)).await;
            }
            let before = statements(remote).await;
            for _ in 0..10 {
                let reply = remote.get(path, token).await;
                assert_eq!(reply.status, StatusCode::OK, "{path}");
            }
            let spent = statements(remote).await - before;
            // One statement of slack for the once-a-second health probe.
            assert!(
                spent <= 1.0,
                "{spent} statements for ten warm reads of {path} (signed in: {})",
                token.is_some()
            );
        }
    }
    let feed = remote
        .get("/api/v1/feed", Some(&site.bob.access_token))
        .await;
    assert_eq!(crate::helpers::ids(&feed).len(), 3, "{}", feed.body);
}

/// Writes through `writer`, reads through `reader` (the same process or another one sharing
/// the database and Redis): in the same process the author sees each write on the next read;
/// another process within `now` (the invalidation message's trip through Redis pub/sub —
/// milliseconds, given slack for a loaded test machine); other readers' counts within `later`.
async fn writes_show_on_the_next_read(
    writer: &Remote,
    reader: &Remote,
    now: Duration,
    later: Duration,
) {
    let site = seed(writer).await;
    let (alice, bob) = (&site.alice, &site.bob);
    let carol = writer.register("carol").await;
    let bob_token = Some(bob.access_token.as_str());
    let carol_token = Some(carol.access_token.as_str());
    let [first, second, third] = [&site.posts[0], &site.posts[1], &site.posts[2]];
    let latest = "/api/v1/posts?limit=20";
    let thread = format!("/api/v1/posts/{first}/comments");
    // Warm every page in the reader for both readers.
    let second_page = format!("/api/v1/posts/{second}");
    for token in [bob_token, carol_token, None] {
        for path in [
            latest,
            "/api/v1/tags/rust/posts",
            "/api/v1/feed",
            thread.as_str(),
            second_page.as_str(),
        ] {
            if token.is_none() && path == "/api/v1/feed" {
                continue;
            }
            reader.get(path, token).await;
        }
    }

    // A like and a collect: the author's flags and the count at once, others' counts soon.
    writer
        .put(format!("/api/v1/posts/{second}/like"), bob_token)
        .await;
    writer
        .put(format!("/api/v1/posts/{second}/collect"), bob_token)
        .await;
    expect(reader, latest, bob_token, now, "liker's card", |page| {
        item(page, second).is_some_and(|card| {
            card["liked"] == true && card["collected"] == true && card["like_count"] == 1
        })
    })
    .await;
    expect(
        reader,
        latest,
        carol_token,
        later,
        "another reader's count",
        |page| {
            item(page, second).is_some_and(|card| {
                card["liked"] == false && card["like_count"] == 1 && card["collect_count"] == 1
            })
        },
    )
    .await;
    expect(
        reader,
        &format!("/api/v1/posts/{second}"),
        carol_token,
        later,
        "another reader's count on the post",
        |post| post["liked"] == false && post["like_count"] == 1,
    )
    .await;
    expect(
        reader,
        &format!("/api/v1/posts/{second}"),
        bob_token,
        now,
        "the liker's post",
        |post| post["liked"] == true && post["like_count"] == 1,
    )
    .await;
    writer
        .delete(format!("/api/v1/posts/{second}/like"), bob_token)
        .await;
    expect(reader, latest, bob_token, now, "unliked", |page| {
        item(page, second).is_some_and(|card| card["liked"] == false && card["like_count"] == 0)
    })
    .await;

    // A follow: Carol's cards show it at once, and her timeline fills.
    writer
        .put(format!("/api/v1/users/{}/follow", alice.id), carol_token)
        .await;
    expect(reader, latest, carol_token, now, "followed", |page| {
        item(page, first).is_some_and(|card| card["author_followed"] == true)
    })
    .await;
    expect(
        reader,
        "/api/v1/feed",
        carol_token,
        Duration::from_secs(10),
        "timeline after a follow",
        |page| has(page, first) && has(page, second) && has(page, third),
    )
    .await;

    // A new display name shows on every card of its author.
    let renamed = writer
        .patch(
            "/api/v1/me",
            Some(&alice.access_token),
            json!({"nickname": "Alice Renamed"}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    expect(reader, latest, carol_token, now, "author renamed", |page| {
        item(page, first).is_some_and(|card| card["author"]["nickname"] == "Alice Renamed")
    })
    .await;
    expect(
        reader,
        &format!("/api/v1/posts/{first}"),
        None,
        now,
        "author renamed on the post",
        |post| post["author"]["nickname"] == "Alice Renamed",
    )
    .await;

    // A comment like, an edit, a new comment and a deletion show in the cached thread.
    writer
        .put(
            format!("/api/v1/comments/{}/like", site.comment),
            carol_token,
        )
        .await;
    expect(reader, &thread, carol_token, now, "comment liked", |page| {
        comment(&comments(page), &site.comment)
            .is_some_and(|c| c["liked"] == true && c["like_count"] == 1)
    })
    .await;
    let edited = writer
        .patch(
            format!("/api/v1/comments/{}", site.comment),
            bob_token,
            json!({"content": "First, edited"}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    expect(reader, &thread, bob_token, now, "comment edited", |page| {
        comment(&comments(page), &site.comment)
            .is_some_and(|c| c["content"] == "First, edited" && !c["edited_at"].is_null())
    })
    .await;
    let added = writer
        .post(
            &thread,
            carol_token,
            json!({"content": "Late to the thread"}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let added = added.body["id"].clone();
    for sort in ["", "?sort=newest", "?sort=top"] {
        expect(
            reader,
            &format!("{thread}{sort}"),
            None,
            now,
            "comment added",
            |page| comment(&comments(page), &added).is_some(),
        )
        .await;
    }
    expect(
        reader,
        latest,
        carol_token,
        later,
        "comment count",
        |page| item(page, first).is_some_and(|card| card["comment_count"] == 3),
    )
    .await;
    writer
        .delete(format!("/api/v1/comments/{added}"), carol_token)
        .await;
    expect(reader, &thread, None, now, "comment deleted", |page| {
        comment(&comments(page), &added).is_none()
    })
    .await;

    // Retagging moves the post between tag pages; deleting takes it out of every list.
    let retagged = writer
        .patch(
            format!("/api/v1/posts/{third}"),
            Some(&alice.access_token),
            json!({"tags": ["go"], "title": "Post 2, retitled"}),
        )
        .await;
    assert_eq!(retagged.status, StatusCode::OK, "{}", retagged.body);
    expect(
        reader,
        "/api/v1/tags/rust/posts",
        None,
        now,
        "left rust",
        |page| !has(page, third) && has(page, first),
    )
    .await;
    expect(
        reader,
        "/api/v1/tags/go/posts",
        None,
        now,
        "entered go",
        |page| item(page, third).is_some_and(|card| card["title"] == "Post 2, retitled"),
    )
    .await;
    let deleted = writer
        .delete(format!("/api/v1/posts/{first}"), Some(&alice.access_token))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.body);
    for path in [
        latest,
        "/api/v1/tags/rust/posts",
        "/api/v1/users/alice/posts",
    ] {
        expect(reader, path, bob_token, now, "deleted post", |page| {
            !has(page, first) && has(page, second)
        })
        .await;
    }
    expect(
        reader,
        "/api/v1/feed",
        bob_token,
        now,
        "deleted post",
        |page| !has(page, first),
    )
    .await;
    assert_eq!(
        reader.get(&thread, None).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn app_with_redis(redis: &RedisServer) -> crate::helpers::TestApp {
    let url = redis.url();
    spawn_app_with(move |settings| settings.redis_url = Some(url.into())).await
}

#[tokio::test]
async fn warm_pages_cost_no_sql_in_process() {
    let app = spawn_app_with(|_| {}).await;
    warm_pages_cost_no_sql(&app, false).await;
}

#[tokio::test]
async fn warm_pages_cost_no_sql_with_redis() {
    if !RedisServer::available() {
        return;
    }
    let redis = RedisServer::start();
    let app = app_with_redis(&redis).await;
    warm_pages_cost_no_sql(&app, true).await;
}

#[tokio::test]
async fn writes_show_on_the_next_read_in_process() {
    let app = spawn_app_with(|_| {}).await;
    writes_show_on_the_next_read(&app, &app, Duration::ZERO, Duration::ZERO).await;
}

#[tokio::test]
async fn writes_show_on_the_next_read_with_redis() {
    if !RedisServer::available() {
        return;
    }
    let redis = RedisServer::start();
    let app = app_with_redis(&redis).await;
    writes_show_on_the_next_read(&app, &app, Duration::ZERO, Duration::ZERO).await;
}

#[tokio::test]
async fn writes_in_one_process_show_in_another() {
    let Some(processes) = TwoProcesses::start().await else {
        return;
    };
    let (a, b) = (&processes.a, &processes.b);
    writes_show_on_the_next_read(a, b, PUB_SUB, OTHER_PROCESS).await;
}

/// A post and a comment stored without their HTML (rows from an import or an older version)
/// are served rendered on their first read, and the render is stored afterwards, off the read.
#[tokio::test]
async fn rows_without_html_are_rendered_on_read_and_stored_later() {
    use sea_orm::ActiveValue::Set;
    use sea_orm::{ActiveModelTrait, EntityTrait};
    use tidings::entity::{TargetKind, comments, posts};
    let app = spawn_app_with(|_| {}).await;
    let alice = app.register("alice").await;
    let now = chrono::Utc::now();
    let post = posts::ActiveModel {
        author_id: Set(alice.id),
        title: Set("An old row".into()),
        content: Set("Some **old** text".into()),
        content_html: Set(None),
        excerpt: Set("Some old text".into()),
        can_comment: Set(true),
        comment_count: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("insert post")
    .id;
    let comment = comments::ActiveModel {
        author_id: Set(alice.id),
        target_id: Set(post),
        target_kind: Set(TargetKind::Post),
        ref_id: Set(0),
        root_id: Set(0),
        content: Set("A *comment* from before".into()),
        content_html: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("insert comment")
    .id;

    let read = app.get(&format!("/api/v1/posts/{post}"), None).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_eq!(
        read.body["content_html"],
        "<p>Some <strong>old</strong> text</p>\n"
    );
    let thread = app
        .get(&format!("/api/v1/posts/{post}/comments"), None)
        .await;
    assert_eq!(
        thread.body["items"][0]["content_html"], "<p>A <em>comment</em> from before</p>\n",
        "{}",
        thread.body
    );

    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let post_html = posts::Entity::find_by_id(post)
            .one(&app.db)
            .await
            .expect("post")
            .and_then(|row| row.content_html);
        let comment_html = comments::Entity::find_by_id(comment)
            .one(&app.db)
            .await
            .expect("comment")
            .and_then(|row| row.content_html);
        if post_html.is_some() && comment_html.is_some() {
            assert_eq!(
                post_html.as_deref(),
                Some("<p>Some <strong>old</strong> text</p>\n")
            );
            assert_eq!(
                comment_html.as_deref(),
                Some("<p>A <em>comment</em> from before</p>\n")
            );
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "renders not stored: post {post_html:?}, comment {comment_html:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
