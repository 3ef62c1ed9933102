//! Counters incremented on every write (Redis hashes when configured), and the operator's
//! `tidings reconcile-counters`.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{RedisServer, spawn_app, spawn_app_with};

#[tokio::test]
async fn counters_live_in_redis_and_are_rebuilt_when_missing() {
    if !RedisServer::available() {
        return;
    }
    let redis = RedisServer::start();
    let url = redis.url();
    let app = spawn_app_with(move |settings| settings.redis_url = Some(url.into())).await;
    let alice = app.register("alice").await;
    let fans = app.bulk_users(3, "fan").await;
    let id = app.create_post(&alice, "Counted", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);
    let key = format!("tidings:counter:post:{id}");
    assert_eq!(
        app.get(format!("/api/v1/posts/{id}"), None).await.body["like_count"],
        0
    );
    assert_eq!(
        redis.cli(&["HGET", &key, "likes"]),
        "0",
        "the first read built the hash"
    );

    for fan in &fans {
        app.put(format!("/api/v1/posts/{id}/like"), Some(&fan.access_token))
            .await;
        app.put(
            format!("/api/v1/users/{}/follow", alice.id),
            Some(&fan.access_token),
        )
        .await;
    }
    app.put(
        format!("/api/v1/posts/{id}/collect"),
        Some(&fans[0].access_token),
    )
    .await;
    assert_eq!(
        redis.cli(&["HGET", &key, "likes"]),
        "3",
        "incremented after each commit"
    );
    assert_eq!(redis.cli(&["HGET", &key, "collects"]), "1");
    let read = app.get(format!("/api/v1/posts/{id}"), None).await;
    assert_eq!(
        (
            read.body["like_count"].clone(),
            read.body["collect_count"].clone()
        ),
        (json!(3), json!(1))
    );
    let profile = app.get(format!("/api/v1/users/{}", alice.id), None).await;
    assert_eq!(
        profile.body["stats"],
        json!({"follower_count": 3, "following_count": 0, "post_count": 1})
    );
    assert_eq!(
        redis.cli(&[
            "HGET",
            &format!("tidings:counter:user:{}", alice.id),
            "followers"
        ]),
        "3"
    );

    // A hash that disappears (eviction, flush) is rebuilt from the database, not restarted at 0.
    redis.cli(&["DEL", &key]);
    app.delete(
        format!("/api/v1/posts/{id}/like"),
        Some(&fans[0].access_token),
    )
    .await;
    let read = app.get(format!("/api/v1/posts/{id}"), None).await;
    assert_eq!(read.body["like_count"], 2);
    assert_eq!(redis.cli(&["HGET", &key, "likes"]), "2");
    let comment = app
        .post(
            format!("/api/v1/posts/{id}/comments"),
            Some(&fans[1].access_token),
            json!({"content": "hi"}),
        )
        .await;
    assert_eq!(comment.status, StatusCode::CREATED);
    assert_eq!(redis.cli(&["HGET", &key, "comments"]), "1");
    assert_eq!(
        app.get(format!("/api/v1/posts/{id}"), None).await.body["comment_count"],
        1
    );
}

async fn reconcile_fixes_drift(redis: Option<&RedisServer>) {
    let app = match redis {
        Some(redis) => {
            let url = redis.url();
            spawn_app_with(move |settings| settings.redis_url = Some(url.into())).await
        }
        None => spawn_app().await,
    };
    let alice = app.register("alice").await;
    let fans = app.bulk_users(2, "fan").await;
    let id = app.create_post(&alice, "Drifting", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);
    for fan in &fans {
        app.put(format!("/api/v1/posts/{id}/like"), Some(&fan.access_token))
            .await;
        app.put(
            format!("/api/v1/users/{}/follow", alice.id),
            Some(&fan.access_token),
        )
        .await;
    }
    // Drift, as a bug or a hand-edited row would leave it.
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared(&format!(
            "UPDATE posts SET like_count = 99, comment_count = 5 WHERE id = {id}"
        ))
        .await
        .expect("corrupt post");
    app.db
        .execute_unprepared(&format!(
            "UPDATE user_stats SET follower_count = 7 WHERE user_id = {}",
            alice.id
        ))
        .await
        .expect("corrupt stats");
    if let Some(redis) = redis {
        redis.cli(&["HSET", &format!("tidings:counter:post:{id}"), "likes", "42"]);
    }

    let output = app
        .command()
        .arg("reconcile-counters")
        .envs(redis.map(|redis| ("TIDINGS_REDIS_URL", redis.url())))
        .output()
        .expect("reconcile-counters runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("posts: 1 checked, 2 fixed"), "{stdout}");
    assert!(stdout.contains("users: 3 checked, 1 fixed"), "{stdout}");
    assert_eq!(
        app.count_rows(&format!(
            "posts WHERE id = {id} AND like_count = 2 AND comment_count = 0"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count_rows(&format!(
            "user_stats WHERE user_id = {} AND follower_count = 2",
            alice.id
        ))
        .await,
        1
    );
    if redis.is_some() {
        assert!(
            stdout.contains("Redis counter hashes cleared: "),
            "{stdout}"
        );
        let read = app.get(format!("/api/v1/posts/{id}"), None).await;
        assert_eq!(
            read.body["like_count"], 2,
            "Redis no longer serves the drifted value"
        );
    }
    // A second run finds nothing to fix.
    let again = app
        .command()
        .arg("reconcile-counters")
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&again.stdout).contains("posts: 1 checked, 0 fixed"));
}

#[tokio::test]
async fn reconcile_counters_fixes_drifted_columns() {
    reconcile_fixes_drift(None).await;
}

#[tokio::test]
async fn reconcile_counters_fixes_drift_in_redis_too() {
    if !RedisServer::available() {
        return;
    }
    let redis = RedisServer::start();
    reconcile_fixes_drift(Some(&redis)).await;
}

/// A process killed between its commit and its Redis bump leaves the bump it owed noted in
/// Redis; the sweep (every process, every 10 s) deletes the hash such a note names, and the next
/// read rebuilds it from the database columns. Simulated: the committed change and the stale
/// note are written directly, as the killed process would have left them.
#[tokio::test]
async fn a_bump_lost_in_a_crash_is_repaired_by_the_sweep() {
    if !RedisServer::available() {
        return;
    }
    let redis = RedisServer::start();
    let url = redis.url();
    let app = spawn_app_with(move |settings| settings.redis_url = Some(url.into())).await;
    let alice = app.register("alice").await;
    let fan = app.bulk_users(1, "fan").await.remove(0);
    let id = app.create_post(&alice, "Crash-counted", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);
    app.put(format!("/api/v1/posts/{id}/like"), Some(&fan.access_token))
        .await;
    let key = format!("tidings:counter:post:{id}");
    assert_eq!(redis.cli(&["HGET", &key, "likes"]), "1");

    // The killed process: its transaction committed (the column moved), its note was written
    // before the commit (long ago), and its bump never reached Redis.
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared(&format!(
            "UPDATE posts SET like_count = like_count + 1 WHERE id = {id}"
        ))
        .await
        .expect("update");
    redis.cli(&[
        "ZADD",
        "tidings:counter:owed",
        "1000",
        &format!("{key}|killed"),
    ]);
    assert_eq!(
        app.get(format!("/api/v1/posts/{id}"), None).await.body["like_count"],
        1,
        "stale until the sweep"
    );
    crate::helpers::eventually(30, "the sweep repairs the counter", || async {
        let count = app.get(format!("/api/v1/posts/{id}"), None).await.body["like_count"].clone();
        (count == 2).then_some(())
    })
    .await;
    // The killed process's note is gone (others may come and go with live writes).
    assert_eq!(
        redis.cli(&["ZSCORE", "tidings:counter:owed", &format!("{key}|killed")]),
        ""
    );
}
