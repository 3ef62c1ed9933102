//! The two-tier cache: coherence across processes, single-flight loading, Redis outages.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{
    RedisServer, Remote, TwoProcesses, eventually, metric, spawn_app, spawn_app_with,
};

/// `/health` reports probes made once a second; waits until Redis shows `status`.
async fn wait_for_health(remote: &Remote, status: &str) -> crate::helpers::Reply {
    for _ in 0..40 {
        let reply = remote.get("/api/v1/health", None).await;
        if reply.body["backends"]["redis"]["status"] == status {
            return reply;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("/health never reported redis {status}");
}

#[tokio::test]
async fn a_write_in_one_process_is_seen_by_another_at_once() {
    let Some(processes) = TwoProcesses::start().await else {
        return;
    };
    let (a, b) = (&processes.a, &processes.b);

    let alice = a.register("alice").await;
    let bob = b.register("bob").await;
    let post = a.create_post(&alice, "Version one", &["cache"]).await;
    let id = post["id"].as_i64().unwrap_or(0);
    let path = format!("/api/v1/posts/{id}");

    // Both processes now hold the post in their level 1 (and Redis holds it too).
    for _ in 0..3 {
        assert_eq!(b.get(&path, None).await.body["title"], "Version one");
        assert_eq!(a.get(&path, None).await.body["title"], "Version one");
    }
    let edited = a
        .patch(
            &path,
            Some(&alice.access_token),
            json!({"title": "Version two", "content": "New body"}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK);
    // Read through B immediately: its level-1 copy must already be gone.
    let through_b = b.get(&path, None).await;
    assert_eq!(through_b.body["title"], "Version two");
    assert_eq!(through_b.body["content"], "New body");

    // Counters and profile edits cross over the same way.
    let liked = b.put(format!("{path}/like"), Some(&bob.access_token)).await;
    assert_eq!(liked.body["count"], 1);
    assert_eq!(b.get(&path, None).await.body["like_count"], 1);
    // Another process drops its copy of the counts when the bump's message arrives (at once,
    // in practice), and keeps one for at most a second (`LOCAL_COUNTS_TTL`) whatever happens.
    eventually(2, "the other process's like count", || async {
        (a.get(&path, None).await.body["like_count"] == 1).then_some(())
    })
    .await;
    a.patch(
        "/api/v1/me",
        Some(&alice.access_token),
        json!({"nickname": "Alice A."}),
    )
    .await;
    assert_eq!(
        b.get(format!("/api/v1/users/{}", alice.id), None)
            .await
            .body["nickname"],
        "Alice A."
    );
    b.put(
        format!("/api/v1/users/{}/follow", alice.id),
        Some(&bob.access_token),
    )
    .await;
    let profile = a
        .get(
            format!("/api/v1/users/{}", alice.id),
            Some(&bob.access_token),
        )
        .await;
    assert_eq!(profile.body["followed"], true);
    assert_eq!(profile.body["stats"]["follower_count"], 1);

    // A burst at a post neither process has cached loads it about once per process at most,
    // and with the Redis lock usually once in all.
    let fresh = a.create_post(&alice, "Cold", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);
    let before = metric(
        &a.metrics().await,
        "tidings_cache_loads_total{keyspace=\"post_body\"}",
    ) + metric(
        &b.metrics().await,
        "tidings_cache_loads_total{keyspace=\"post_body\"}",
    );
    let cold = format!("/api/v1/posts/{fresh}");
    let (ra, rb) = tokio::join!(
        join_all((0..100).map(|_| a.get(&cold, None))),
        join_all((0..100).map(|_| b.get(&cold, None)))
    );
    assert!(
        ra.iter()
            .chain(rb.iter())
            .all(|reply| reply.status == StatusCode::OK)
    );
    let after = metric(
        &a.metrics().await,
        "tidings_cache_loads_total{keyspace=\"post_body\"}",
    ) + metric(
        &b.metrics().await,
        "tidings_cache_loads_total{keyspace=\"post_body\"}",
    );
    assert!(
        after - before <= 2.0,
        "body loaded {} times for 200 requests in 2 processes",
        after - before
    );
}

#[tokio::test]
async fn two_hundred_requests_for_a_cold_post_load_it_once() {
    let app = spawn_app().await;
    let author = app.register("author").await;
    let id = app
        .create_post(&author, "Hot off the press", &["news"])
        .await["id"]
        .as_i64()
        .unwrap_or(0);
    // Creating the post warmed the cache; a restart-like clean slate comes from a second post
    // written straight into the database.
    let cold_id = app.insert_post_directly(author.id, "Never read").await;
    let path = format!("/api/v1/posts/{cold_id}");
    let before = app.metrics().await;
    let replies = join_all((0..200).map(|_| app.get(&path, None))).await;
    assert!(
        replies
            .iter()
            .all(|reply| reply.status == StatusCode::OK && reply.body["title"] == "Never read")
    );
    let after = app.metrics().await;
    for keyspace in ["post", "post_body", "post_tags"] {
        let series = format!("tidings_cache_loads_total{{keyspace=\"{keyspace}\"}}");
        assert_eq!(
            metric(&after, &series) - metric(&before, &series),
            1.0,
            "{keyspace} loads"
        );
    }
    // Warm reads of the first post do not reach the database at all.
    app.get(format!("/api/v1/posts/{id}"), None).await;
    let queries_before = metric(&app.metrics().await, "tidings_db_queries_total");
    for _ in 0..20 {
        assert_eq!(
            app.get(format!("/api/v1/posts/{id}"), None).await.status,
            StatusCode::OK
        );
    }
    let queries_after = metric(&app.metrics().await, "tidings_db_queries_total");
    assert_eq!(
        queries_after - queries_before,
        0.0,
        "anonymous cached post reads use no SQL"
    );
    // "Not found" is cached too: hammering a missing id queries once.
    for _ in 0..20 {
        assert_eq!(
            app.get("/api/v1/posts/777777", None).await.status,
            StatusCode::NOT_FOUND
        );
    }
    let text = app.metrics().await;
    assert!(metric(&text, "tidings_db_queries_total") - queries_after <= 1.0);
    assert!(
        metric(
            &text,
            "tidings_http_requests_total{method=\"GET\",route=\"/api/v1/posts/{id}\",status=\"200\"}"
        ) >= 221.0
    );
}

#[tokio::test]
async fn redis_going_away_never_fails_a_request() {
    if !RedisServer::available() {
        return;
    }
    let mut redis = RedisServer::start();
    let url = redis.url();
    let app = spawn_app_with(move |settings| settings.redis_url = Some(url.into())).await;
    let alice = app.register("alice").await;
    let fans = app.bulk_users(6, "fan").await;
    let id = app.create_post(&alice, "Resilient", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);
    let path = format!("/api/v1/posts/{id}");
    assert_eq!(app.get(&path, None).await.body["like_count"], 0);
    assert_eq!(
        app.get("/api/v1/health", None).await.body["backends"]["redis"]["status"],
        "ok"
    );

    // 1. Redis stops answering but keeps its data: writes made meanwhile cannot delete the
    //    copies it holds, so they must be deleted when it answers again.
    redis.pause(1500);
    for fan in &fans[..3] {
        let liked = app
            .put(format!("{path}/like"), Some(&fan.access_token))
            .await;
        assert_eq!(liked.status, StatusCode::OK);
    }
    let edited = app
        .patch(
            &path,
            Some(&alice.access_token),
            json!({"title": "Still here"}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK);
    let read = app.get(&path, None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(
        (read.body["title"].clone(), read.body["like_count"].clone()),
        (json!("Still here"), json!(3))
    );
    tokio::time::sleep(std::time::Duration::from_millis(2000)).await;
    for _ in 0..5 {
        let read = app.get(&path, None).await;
        assert_eq!(
            (read.body["title"].clone(), read.body["like_count"].clone()),
            (json!("Still here"), json!(3))
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // 2. Redis dies outright, then comes back empty.
    redis.stop();
    for fan in &fans[3..] {
        assert_eq!(
            app.put(format!("{path}/like"), Some(&fan.access_token))
                .await
                .status,
            StatusCode::OK
        );
    }
    let created = app
        .create_post(&alice, "Written during the outage", &[])
        .await;
    assert!(created["id"].as_i64().is_some());
    let read = app.get(&path, None).await;
    assert_eq!(
        (read.status, read.body["like_count"].clone()),
        (StatusCode::OK, json!(6))
    );
    // Degraded, not down: every request above succeeded, so a load balancer must keep this
    // instance (200), while the body says what is missing.
    let health = wait_for_health(&app, "down").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.body["status"], "degraded");
    assert_eq!(health.body["backends"]["database"]["status"], "ok");
    let ready = app.get("/health/ready", None).await;
    assert_eq!(ready.status, StatusCode::OK);
    let text = app.metrics().await;
    assert!(metric(&text, "tidings_redis_errors_total") > 0.0);
    assert_eq!(metric(&text, "tidings_redis_up"), 0.0);

    redis.restart();
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    for _ in 0..5 {
        let read = app.get(&path, None).await;
        assert_eq!(
            (read.status, read.body["like_count"].clone()),
            (StatusCode::OK, json!(6))
        );
    }
    let unliked = app
        .delete(format!("{path}/like"), Some(&fans[0].access_token))
        .await;
    assert_eq!(unliked.body, json!({"active": false, "count": 5}));
    assert_eq!(app.get(&path, None).await.body["like_count"], 5);
    assert_eq!(wait_for_health(&app, "ok").await.status, StatusCode::OK);
    assert_eq!(metric(&app.metrics().await, "tidings_redis_up"), 1.0);
}

/// A signed-in list costs no query for the caller's own flags once warm (their likes, collects
/// and follows are cached), and the flags stay exact: a like, an unlike or a follow shows at
/// once on the next page.
#[tokio::test]
async fn a_viewers_flags_come_from_the_cache_and_stay_exact() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let mut posts = Vec::new();
    for n in 0..3 {
        posts.push(app.create_post(&alice, &format!("post {n}"), &[]).await["id"].clone());
    }
    let token = Some(bob.access_token.as_str());
    app.get("/api/v1/posts?limit=20", token).await; // warm
    let before = metric(&app.metrics().await, "tidings_db_queries_total");
    for _ in 0..10 {
        let listed = app.get("/api/v1/posts?limit=20", token).await;
        assert_eq!(listed.status, StatusCode::OK);
    }
    let after = metric(&app.metrics().await, "tidings_db_queries_total");
    // Ten warm first pages: the ids, the cards and the caller's flags all come from the cache
    // (one statement of slack for the once-a-second health probe).
    assert!(
        after - before <= 1.0,
        "{} statements for ten warm signed-in first pages",
        after - before
    );

    let liked = &posts[1];
    app.put(format!("/api/v1/posts/{liked}/like"), token).await;
    app.put(format!("/api/v1/users/{}/follow", alice.id), token)
        .await;
    let listed = app.get("/api/v1/posts?limit=20", token).await;
    for card in listed.body["items"].as_array().cloned().unwrap_or_default() {
        assert_eq!(card["liked"], card["id"] == *liked, "{card}");
        assert_eq!(card["author_followed"], true);
    }
    app.delete(format!("/api/v1/posts/{liked}/like"), token)
        .await;
    let listed = app.get("/api/v1/posts?limit=20", token).await;
    assert!(
        listed.body["items"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .all(|card| card["liked"] == false)
    );
}

/// The first page of the latest list (everyone's, and one author's) is cached and dropped
/// exactly when a post that belongs in it is published or deleted.
#[tokio::test]
async fn latest_first_pages_follow_publishing_and_deleting() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let first = app.create_post(&alice, "one", &[]).await["id"].clone();
    let ids_of = |reply: &crate::helpers::Reply| crate::helpers::ids(reply);
    assert_eq!(ids_of(&app.get("/api/v1/posts", None).await).len(), 1);
    assert_eq!(
        ids_of(&app.get("/api/v1/users/alice/posts", None).await).len(),
        1
    );
    let second = app.create_post(&bob, "two", &[]).await["id"].clone();
    let everyone = ids_of(&app.get("/api/v1/posts", None).await);
    assert_eq!(everyone.first().copied(), second.as_i64());
    assert_eq!(
        ids_of(&app.get("/api/v1/users/bob/posts", None).await),
        vec![second.as_i64().unwrap_or(0)]
    );
    app.delete(format!("/api/v1/posts/{second}"), Some(&bob.access_token))
        .await;
    assert_eq!(
        ids_of(&app.get("/api/v1/posts", None).await),
        vec![first.as_i64().unwrap_or(0)]
    );
    assert!(ids_of(&app.get("/api/v1/users/bob/posts", None).await).is_empty());
}

/// A person with more likes than the cache holds per set gets their flags from the indexed
/// query instead, and they are still right.
#[tokio::test]
async fn an_enormous_history_falls_back_to_the_query() {
    use sea_orm::ActiveValue::Set;
    use sea_orm::EntityTrait;
    use tidings::entity::{TargetKind, likes};
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let liked = app.create_post(&alice, "liked", &[]).await["id"].clone();
    let other = app.create_post(&alice, "not liked", &[]).await["id"].clone();
    // Likes of posts long gone, past the per-set limit (rows only: no counters move).
    let over = tidings::read_model::viewer::MAX_IDS as i64 + 1;
    let now = chrono::Utc::now();
    let rows: Vec<likes::ActiveModel> = (0..over)
        .map(|n| likes::ActiveModel {
            user_id: Set(bob.id),
            target_id: Set(10_000_000 + n),
            target_kind: Set(TargetKind::Post),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(500) {
        likes::Entity::insert_many(chunk.to_vec())
            .exec(&app.db)
            .await
            .expect("insert likes");
    }
    app.put(
        format!("/api/v1/posts/{liked}/like"),
        Some(&bob.access_token),
    )
    .await;
    for _ in 0..2 {
        let listed = app
            .get("/api/v1/posts?limit=20", Some(&bob.access_token))
            .await;
        let cards = listed.body["items"].as_array().cloned().unwrap_or_default();
        assert_eq!(cards.len(), 2);
        for card in cards {
            assert_eq!(card["liked"], card["id"] == liked, "{card}");
            assert!(card["id"] == liked || card["id"] == other);
        }
    }
}
