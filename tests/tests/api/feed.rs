use reqwest::StatusCode;

use crate::helpers::{RedisServer, TestApp, TestUser, eventually, ids, spawn_app, spawn_app_with};

/// The home timeline once it shows `expected` (fan-out jobs run after the request returned).
async fn timeline_becomes(app: &TestApp, user: &TestUser, expected: Vec<i64>, what: &str) {
    eventually(15, what, || async {
        let feed = app.get("/api/v1/feed", Some(&user.access_token)).await;
        (ids(&feed) == expected).then_some(())
    })
    .await;
}

#[tokio::test]
async fn the_home_timeline_from_sql() {
    timeline_scenario(&spawn_app().await, None).await;
}

#[tokio::test]
async fn the_home_timeline_from_redis_fan_out() {
    if !RedisServer::available() {
        return;
    }
    let redis = RedisServer::start();
    let url = redis.url();
    let app = spawn_app_with(move |settings| settings.redis_url = Some(url.into())).await;
    timeline_scenario(&app, Some(&redis)).await;
}

/// Post, follow (backfill), unfollow, delete, stable cursors: the same observable timeline
/// whether it is computed from SQL or fanned out into Redis.
async fn timeline_scenario(app: &TestApp, redis: Option<&RedisServer>) {
    let alice = app.register("alice").await;
    let writers = app.bulk_users(3, "writer").await;
    let (bob, carol, dave) = (&writers[0], &writers[1], &writers[2]);
    assert_eq!(
        app.get("/api/v1/feed", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let empty = app.get("/api/v1/feed", Some(&alice.access_token)).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert_eq!(ids(&empty), Vec::<i64>::new());

    let bob_old = app.create_post(bob, "bob before the follow", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);
    app.put(
        format!("/api/v1/users/{}/follow", bob.id),
        Some(&alice.access_token),
    )
    .await;
    app.put(
        format!("/api/v1/users/{}/follow", carol.id),
        Some(&alice.access_token),
    )
    .await;
    let carol_post = app.create_post(carol, "carol", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);
    let bob_new = app.create_post(bob, "bob after", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);
    app.create_post(dave, "dave, not followed", &[]).await;
    let alice_own = app.create_post(&alice, "alice's own", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);

    timeline_becomes(
        app,
        &alice,
        vec![alice_own, bob_new, carol_post, bob_old],
        "followed authors and her own posts (not dave's), newest first",
    )
    .await;
    if let Some(redis) = redis {
        // The posts really live in alice's sorted set (plus the "built" marker 0), once the
        // fan-out jobs ran (a read that timed out on Redis may have answered from SQL first).
        let key = format!("tidings:timeline:{}", alice.id);
        let expected: Vec<String> = [alice_own, bob_new, carol_post, bob_old, 0]
            .iter()
            .map(i64::to_string)
            .collect();
        eventually(10, "the fan-out fills alice's sorted set", || {
            let stored = redis.cli(&["ZREVRANGE", &key, "0", "-1"]);
            let stored: Vec<String> = stored.split_whitespace().map(str::to_string).collect();
            std::future::ready((stored == expected).then_some(()))
        })
        .await;
    }
    let feed = app.get("/api/v1/feed", Some(&alice.access_token)).await;
    assert_eq!(
        feed.body["items"][0]["author_followed"], false,
        "her own post"
    );
    assert_eq!(feed.body["items"][1]["author_followed"], true);
    app.put(
        format!("/api/v1/posts/{carol_post}/like"),
        Some(&alice.access_token),
    )
    .await;
    let feed = app.get("/api/v1/feed", Some(&alice.access_token)).await;
    assert_eq!(feed.body["items"][2]["liked"], true);
    assert_eq!(feed.body["items"][1]["liked"], false);

    // Pages stay stable while followed authors keep posting.
    let first = app
        .get("/api/v1/feed?limit=2", Some(&alice.access_token))
        .await;
    let cursor = first.body["next_cursor"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let bob_meanwhile = app.create_post(bob, "bob, meanwhile", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);
    // Let the new post's fan-out land before reading on.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let second = app
        .get(
            format!("/api/v1/feed?limit=2&cursor={cursor}"),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(
        [ids(&first), ids(&second)].concat(),
        vec![alice_own, bob_new, carol_post, bob_old]
    );

    app.delete(
        format!("/api/v1/users/{}/follow", carol.id),
        Some(&alice.access_token),
    )
    .await;
    app.delete(format!("/api/v1/posts/{bob_old}"), Some(&bob.access_token))
        .await;
    let now = eventually(15, "unfollow and delete reach the timeline", || async {
        let feed = app.get("/api/v1/feed", Some(&alice.access_token)).await;
        let now = ids(&feed);
        (now == vec![bob_meanwhile, alice_own, bob_new]).then_some(now)
    })
    .await;
    assert!(
        !now.contains(&carol_post),
        "unfollowed author's posts leave the timeline"
    );
    assert!(
        !now.contains(&bob_old),
        "a deleted post leaves the timeline"
    );
    if let Some(redis) = redis {
        eventually(15, "three posts and the marker remain in Redis", || async {
            let stored = redis.cli(&["ZCARD", &format!("tidings:timeline:{}", alice.id)]);
            (stored == "4").then_some(())
        })
        .await;
        // Following carol again backfills her posts.
        app.put(
            format!("/api/v1/users/{}/follow", carol.id),
            Some(&alice.access_token),
        )
        .await;
        eventually(15, "following again backfills", || async {
            let feed = app.get("/api/v1/feed", Some(&alice.access_token)).await;
            ids(&feed).contains(&carol_post).then_some(())
        })
        .await;
    }
}

#[tokio::test]
async fn big_accounts_are_pulled_at_read_time_not_pushed() {
    if !RedisServer::available() {
        return;
    }
    let redis = RedisServer::start();
    let url = redis.url();
    let app = spawn_app_with(move |settings| {
        settings.redis_url = Some(url.into());
        settings.timeline_big_account_followers = 1;
    })
    .await;
    let readers = app.bulk_users(2, "reader").await;
    let star = app.register("star").await;
    let small = app.register("small").await;
    for reader in &readers {
        app.put(
            format!("/api/v1/users/{}/follow", star.id),
            Some(&reader.access_token),
        )
        .await;
    }
    app.put(
        format!("/api/v1/users/{}/follow", small.id),
        Some(&readers[0].access_token),
    )
    .await;
    // Build the first reader's timeline, then publish.
    app.get("/api/v1/feed", Some(&readers[0].access_token))
        .await;
    let star_post = app.create_post(&star, "from a big account", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);
    let small_post = app.create_post(&small, "from a small account", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);
    timeline_becomes(
        &app,
        &readers[0],
        vec![small_post, star_post],
        "both posts show, one pushed and one pulled",
    )
    .await;
    let stored = redis.cli(&[
        "ZRANGE",
        &format!("tidings:timeline:{}", readers[0].id),
        "0",
        "-1",
    ]);
    assert!(
        stored
            .split_whitespace()
            .any(|id| id == small_post.to_string()),
        "the small account's post was pushed: {stored}"
    );
    assert!(
        !stored
            .split_whitespace()
            .any(|id| id == star_post.to_string()),
        "the big account's post was not pushed: {stored}"
    );
    timeline_becomes(
        &app,
        &readers[1],
        vec![star_post],
        "pulled for every follower",
    )
    .await;
}

async fn hot_pool_scenario(app: &TestApp) {
    let alice = app.register("alice").await;
    let fans = app.bulk_users(2, "fan").await;
    let stranger = app.register("stranger").await;
    let popular = app
        .create_post(&stranger, "popular with strangers", &[])
        .await["id"]
        .as_i64()
        .unwrap_or(0);
    let quiet = app.create_post(&stranger, "nobody likes this", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);
    app.put(
        format!("/api/v1/posts/{quiet}/like"),
        Some(&fans[0].access_token),
    )
    .await;
    timeline_becomes(app, &alice, vec![], "nothing hot yet").await;
    for fan in &fans {
        app.put(
            format!("/api/v1/posts/{popular}/like"),
            Some(&fan.access_token),
        )
        .await;
    }
    timeline_becomes(
        app,
        &alice,
        vec![popular],
        "a post past the like threshold is blended into everyone's timeline",
    )
    .await;
    app.delete(
        format!("/api/v1/posts/{popular}"),
        Some(&stranger.access_token),
    )
    .await;
    timeline_becomes(app, &alice, vec![], "a deleted post leaves the hot pool").await;
}

#[tokio::test]
async fn the_hot_pool_is_blended_into_timelines() {
    hot_pool_scenario(&spawn_app_with(|settings| settings.hot_like_threshold = 2).await).await;
}

#[tokio::test]
async fn the_hot_pool_is_blended_into_redis_timelines() {
    if !RedisServer::available() {
        return;
    }
    let redis = RedisServer::start();
    let url = redis.url();
    let app = spawn_app_with(move |settings| {
        settings.redis_url = Some(url.into());
        settings.hot_like_threshold = 2;
    })
    .await;
    hot_pool_scenario(&app).await;
}
