use reqwest::StatusCode;

use crate::helpers::{ids, spawn_app};

#[tokio::test]
async fn the_home_timeline_follows_follows_unfollows_and_deletes() {
    let app = spawn_app().await;
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
    app.create_post(&alice, "alice's own", &[]).await;

    let feed = app.get("/api/v1/feed", Some(&alice.access_token)).await;
    assert_eq!(
        ids(&feed),
        vec![bob_new, carol_post, bob_old],
        "followed authors only, newest first"
    );
    assert_eq!(feed.body["items"][0]["author_followed"], true);
    app.put(
        format!("/api/v1/posts/{carol_post}/like"),
        Some(&alice.access_token),
    )
    .await;
    let feed = app.get("/api/v1/feed", Some(&alice.access_token)).await;
    assert_eq!(feed.body["items"][1]["liked"], true);
    assert_eq!(feed.body["items"][0]["liked"], false);

    // Pages stay stable while followed authors keep posting.
    let first = app
        .get("/api/v1/feed?limit=2", Some(&alice.access_token))
        .await;
    let cursor = first.body["next_cursor"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    app.create_post(bob, "bob, meanwhile", &[]).await;
    let second = app
        .get(
            format!("/api/v1/feed?limit=2&cursor={cursor}"),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(
        [ids(&first), ids(&second)].concat(),
        vec![bob_new, carol_post, bob_old]
    );

    app.delete(
        format!("/api/v1/users/{}/follow", carol.id),
        Some(&alice.access_token),
    )
    .await;
    app.delete(format!("/api/v1/posts/{bob_old}"), Some(&bob.access_token))
        .await;
    let feed = app.get("/api/v1/feed", Some(&alice.access_token)).await;
    let now = ids(&feed);
    assert!(
        !now.contains(&carol_post),
        "unfollowed author's posts leave the timeline"
    );
    assert!(
        !now.contains(&bob_old),
        "a deleted post leaves the timeline"
    );
    assert_eq!(now.len(), 2);
}
