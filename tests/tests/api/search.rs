//! Search and hot ranking on both backends — the embedded tantivy index and Elasticsearch
//! (osmem-server in tests) — kept in step with the database through the job queue.

use chrono::{Duration as Age, Utc};
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tidings::entity::posts;

use crate::helpers::{
    SearchServer, ServerProcess, TestApp, TestUser, eventually, ids, spawn_app, spawn_app_with,
};

async fn write_post(
    app: &TestApp,
    user: &TestUser,
    title: &str,
    content: &str,
    tags: &[&str],
) -> i64 {
    let reply = app
        .post(
            "/api/v1/posts",
            Some(&user.access_token),
            json!({"title": title, "content": content, "tags": tags}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body["id"].as_i64().unwrap_or(0)
}

fn result_ids(body: &Value) -> Vec<i64> {
    body["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item["post"]["id"].as_i64())
                .collect()
        })
        .unwrap_or_default()
}

/// The search results once they equal `expected` (indexing runs as a job after the write).
async fn search_becomes(
    app: &TestApp,
    query: &str,
    token: Option<&str>,
    expected: Vec<i64>,
) -> Value {
    eventually(20, &format!("search {query:?} → {expected:?}"), || async {
        let reply = app.get(format!("/api/v1/search?{query}"), token).await;
        (reply.status == StatusCode::OK && result_ids(&reply.body) == expected)
            .then_some(reply.body)
    })
    .await
}

async fn search_scenario(app: &TestApp) {
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let english = write_post(
        app,
        &alice,
        "Designing a Redis cache layer",
        "How to keep **hot rows** in memory and invalidate them after commit.",
        &["Redis", "backend"],
    )
    .await;
    let chinese = write_post(
        app,
        &alice,
        "数据库缓存设计",
        "本文介绍数据库缓存的设计方法，包括缓存穿透和缓存雪崩。",
        &["数据库"],
    )
    .await;
    let found = search_becomes(app, "q=缓存", None, vec![chinese]).await;
    assert!(
        found["items"][0]["title_html"]
            .as_str()
            .unwrap_or_default()
            .contains("<b>"),
        "the title is highlighted: {found}"
    );
    assert!(
        found["items"][0]["snippet_html"]
            .as_str()
            .unwrap_or_default()
            .contains("<b>"),
        "the text is highlighted: {found}"
    );
    search_becomes(app, "q=%E6%95%B0%E6%8D%AE%E5%BA%93", None, vec![chinese]).await; // 数据库
    search_becomes(app, "q=CACHE", None, vec![english]).await;
    search_becomes(app, "q=invalidate", None, vec![english]).await;
    // A quoted phrase: its words together and in that order (in any field), and required.
    search_becomes(app, "q=%22invalidate%20them%22", None, vec![english]).await;
    search_becomes(app, "q=%22redis%20cache%22", None, vec![english]).await;
    search_becomes(app, "q=%22them%20invalidate%22", None, vec![]).await;
    search_becomes(app, "q=%22cache%20redis%22%20memory", None, vec![]).await;
    search_becomes(app, "q=memory%20%22hot%20rows%22", None, vec![english]).await;
    // An open quote is just a character.
    search_becomes(app, "q=%22invalidate", None, vec![english]).await;
    search_becomes(app, "q=cache&tag=redis", None, vec![english]).await;
    search_becomes(app, "q=cache&tag=%E6%95%B0%E6%8D%AE%E5%BA%93", None, vec![]).await;

    // Each result carries the caller's own flags.
    app.put(
        format!("/api/v1/posts/{english}/like"),
        Some(&bob.access_token),
    )
    .await;
    let as_bob = search_becomes(app, "q=cache", Some(&bob.access_token), vec![english]).await;
    assert_eq!(as_bob["items"][0]["post"]["liked"], true);
    let as_alice = app
        .get("/api/v1/search?q=cache", Some(&alice.access_token))
        .await;
    assert_eq!(as_alice.body["items"][0]["post"]["liked"], false);

    // Edits and deletes reach the index.
    app.patch(
        format!("/api/v1/posts/{english}"),
        Some(&alice.access_token),
        json!({"title": "Redis 缓存 in practice"}),
    )
    .await;
    eventually(20, "the edited title is searchable", || async {
        let reply = app.get("/api/v1/search?q=%E7%BC%93%E5%AD%98", None).await;
        let mut found = result_ids(&reply.body);
        found.sort_unstable();
        (found == vec![english, chinese]).then_some(())
    })
    .await;
    app.delete(
        format!("/api/v1/posts/{chinese}"),
        Some(&alice.access_token),
    )
    .await;
    search_becomes(app, "q=%E7%BC%93%E5%AD%98", None, vec![english]).await;

    for (query, code) in [
        ("q=", "empty_query"),
        ("q=%20%20", "empty_query"),
        ("q=x&limit=0", "invalid_limit"),
    ] {
        let reply = app.get(format!("/api/v1/search?{query}"), None).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(reply.code(), code);
    }
    let reply = app.get("/api/v1/search?q=x&cursor=bogus", None).await;
    assert_eq!(reply.code(), "invalid_cursor");
}

#[tokio::test]
async fn search_on_tantivy_finds_english_and_chinese() {
    search_scenario(&spawn_app().await).await;
}

#[tokio::test]
async fn search_on_elasticsearch_finds_english_and_chinese() {
    if !SearchServer::available() {
        return;
    }
    let search = SearchServer::start();
    let url = search.url();
    let app = spawn_app_with(move |settings| settings.elasticsearch_url = Some(url.into())).await;
    search_scenario(&app).await;
}

/// Sets a post's age and counters directly, as time and many readers would have.
async fn age_post(app: &TestApp, id: i64, days: i64, likes: i32, collects: i32, comments: i32) {
    posts::Entity::update_many()
        .col_expr(
            posts::Column::CreatedAt,
            Expr::value(Utc::now() - Age::days(days)),
        )
        .col_expr(posts::Column::LikeCount, Expr::value(likes))
        .col_expr(posts::Column::CollectCount, Expr::value(collects))
        .col_expr(posts::Column::CommentCount, Expr::value(comments))
        .filter(posts::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .expect("aged");
}

fn reindex(mut command: std::process::Command) -> String {
    let output = command
        .arg("reindex")
        .output()
        .expect("tidings reindex runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "reindex failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// gauss(age) × (2·likes + collects + comments + 1), ranked; then paging and the tag filter.
async fn hot_scenario(app: &TestApp) {
    let alice = app.register("alice").await;
    let mut made = Vec::new();
    for (title, tags) in [
        ("fresh, no engagement", vec!["news"]),
        ("two days, some likes", vec!["news"]),
        ("twenty days, very liked", vec!["deep"]),
        ("two months, most liked", vec!["deep"]),
    ] {
        made.push(write_post(app, &alice, title, "text", &tags).await);
    }
    let (fresh, recent, older, ancient) = (made[0], made[1], made[2], made[3]);
    age_post(app, fresh, 0, 0, 0, 0).await; // 1.0
    age_post(app, recent, 2, 5, 0, 0).await; // 11.0
    age_post(app, older, 20, 50, 0, 0).await; // 101 × 0.5^1.69 ≈ 31.3
    age_post(app, ancient, 60, 100, 0, 0).await; // ≈ 0
    let out = reindex(app.command());
    assert!(out.contains("reindexed 4 posts"), "{out}");

    let expected = vec![older, recent, fresh, ancient];
    // Every process switches to the rebuilt index within a second.
    eventually(10, "the hot list comes from the rebuilt index", || async {
        let whole = app.get("/api/v1/posts?sort=hot", None).await;
        (ids(&whole) == expected).then_some(())
    })
    .await;
    // Pages of two: no repeats, no gaps.
    let first = app.get("/api/v1/posts?sort=hot&limit=2", None).await;
    let cursor = first.body["next_cursor"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let second = app
        .get(
            format!("/api/v1/posts?sort=hot&limit=2&cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!([ids(&first), ids(&second)].concat(), expected);
    assert_eq!(second.body["next_cursor"], Value::Null);

    let tag = app.get("/api/v1/tags/news/posts?sort=hot", None).await;
    assert_eq!(ids(&tag), vec![recent, fresh]);
    let filtered = app.get("/api/v1/posts?sort=hot&tag=deep", None).await;
    assert_eq!(ids(&filtered), vec![older, ancient]);
    assert_eq!(
        app.get("/api/v1/tags/nothing-here/posts?sort=hot", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let refused = app
        .get(format!("/api/v1/posts?sort=hot&author={}", alice.id), None)
        .await;
    assert_eq!(refused.code(), "unsupported_filter");

    // Likes reach the index without a reindex: enough of them lift the fresh post to the top.
    let fans = app.bulk_users(30, "fan").await;
    for fan in &fans {
        app.put(
            format!("/api/v1/posts/{fresh}/like"),
            Some(&fan.access_token),
        )
        .await;
    }
    eventually(45, "the liked post becomes the hottest", || async {
        let hot = app.get("/api/v1/posts?sort=hot&limit=1", None).await;
        (ids(&hot) == vec![fresh]).then_some(())
    })
    .await;
}

#[tokio::test]
async fn hot_ranking_on_tantivy() {
    hot_scenario(&spawn_app().await).await;
}

#[tokio::test]
async fn hot_ranking_on_elasticsearch() {
    if !SearchServer::available() {
        return;
    }
    let search = SearchServer::start();
    let url = search.url();
    let app = spawn_app_with(move |settings| settings.elasticsearch_url = Some(url.into())).await;
    hot_scenario(&app).await;
}

#[tokio::test]
async fn both_backends_rank_the_same_top_twenty() {
    if !SearchServer::available() {
        return;
    }
    let search = SearchServer::start();
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    for n in 0..40i64 {
        let id = write_post(&app, &alice, &format!("post {n}"), "text", &["mixed"]).await;
        // Ages from 0 to 39 days, engagement varying so scores rarely tie.
        let likes = ((n * 37) % 23) as i32;
        age_post(&app, id, n, likes, (n % 5) as i32, (n % 3) as i32).await;
    }
    reindex(app.command());
    let mut elastic = app.command();
    elastic.env("TIDINGS_ELASTICSEARCH_URL", search.url());
    reindex(elastic);
    let mut env = app.job_env.clone();
    env.push(("TIDINGS_ELASTICSEARCH_URL".into(), search.url()));
    env.push(("TIDINGS_JOBS_IN_PROCESS".into(), "false".into()));
    let elastic_server = ServerProcess::spawn_with(&app.database.url, &env);
    let client = crate::helpers::Remote::new(elastic_server.address.clone());
    let from_elastic = ids(&client.get("/api/v1/posts?sort=hot&limit=20", None).await);
    assert_eq!(from_elastic.len(), 20);
    // The running server switches to the rebuilt tantivy index within a second, and its cached
    // head of the hot list is at most 5 s old; until then it may still rank the posts as the
    // index jobs saw them (before their ages were set).
    let from_tantivy = eventually(20, "the rebuilt tantivy index is live", || async {
        let top = ids(&app.get("/api/v1/posts?sort=hot&limit=20", None).await);
        (top == from_elastic).then_some(top)
    })
    .await;
    assert_eq!(
        from_tantivy, from_elastic,
        "the same formula gives the same order"
    );
    let tagged = ids(&client
        .get("/api/v1/tags/mixed/posts?sort=hot&limit=20", None)
        .await);
    assert_eq!(tagged, from_tantivy);
}

#[tokio::test]
async fn writes_succeed_while_elasticsearch_is_down_and_the_index_catches_up() {
    if !SearchServer::available() {
        return;
    }
    let mut search = SearchServer::start();
    let url = search.url();
    let app = spawn_app_with(move |settings| settings.elasticsearch_url = Some(url.into())).await;
    let alice = app.register("alice").await;
    let before = write_post(&app, &alice, "written before the outage", "text", &[]).await;
    search_becomes(&app, "q=outage", None, vec![before]).await;

    search.stop();
    let during = write_post(&app, &alice, "written during the outage", "text", &[]).await;
    let liked = app
        .put(
            format!("/api/v1/posts/{before}/like"),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(
        liked.status,
        StatusCode::OK,
        "likes do not need the search server"
    );
    let unavailable = app.get("/api/v1/search?q=outage", None).await;
    assert_eq!(unavailable.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(unavailable.code(), "service_unavailable");
    // Long enough for the index job to use up its attempts: the sweeper must requeue.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;

    // It comes back empty (in memory); the marked posts are indexed again.
    search.restart();
    // Both titles match equally well: compare as a set.
    eventually(30, "both posts are searchable again", || async {
        let reply = app.get("/api/v1/search?q=outage&limit=10", None).await;
        let mut found = result_ids(&reply.body);
        found.sort_unstable();
        (found == vec![before, during]).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_burst_of_likes_is_a_handful_of_index_writes() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let post = write_post(&app, &alice, "popular", "text", &[]).await;
    search_becomes(&app, "q=popular", None, vec![post]).await;
    let fans = app.bulk_users(40, "fan").await;
    let indexed = || app.api.metric("tidings_search_documents_indexed_total");
    let before = indexed().await;
    futures_util::future::join_all(fans.iter().map(|fan| {
        app.put(
            format!("/api/v1/posts/{post}/like"),
            Some(&fan.access_token),
        )
    }))
    .await;
    // Settled: the index shows all 40 likes (the hot list puts it first).
    eventually(20, "the index settles", || async {
        let stats = app.count_rows("posts WHERE like_count = 40").await;
        let pending = app.count_rows("search_dirty").await;
        (stats == 1 && pending == 0).then_some(())
    })
    .await;
    let writes = indexed().await - before;
    assert!(
        (1.0..=6.0).contains(&writes),
        "40 likes in a burst were {writes} index writes"
    );
}
