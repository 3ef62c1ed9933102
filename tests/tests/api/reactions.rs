use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::spawn_app;

fn card(page: &crate::helpers::Reply, id: i64) -> Value {
    page.body["items"]
        .as_array()
        .and_then(|items| items.iter().find(|item| item["id"] == id).cloned())
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn liking_one_card_changes_only_that_card() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let mut post_ids = Vec::new();
    for title in ["one", "two", "three", "four"] {
        post_ids.push(
            app.create_post(&bob, title, &[]).await["id"]
                .as_i64()
                .unwrap_or(0),
        );
    }
    let before = app.get("/api/v1/posts", Some(&alice.access_token)).await;
    let target = post_ids[1];

    let liked = app
        .put(
            &format!("/api/v1/posts/{target}/like"),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(liked.status, StatusCode::OK);
    assert_eq!(liked.body, json!({"active": true, "count": 1}));
    let collected = app
        .put(
            &format!("/api/v1/posts/{target}/collect"),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(collected.body, json!({"active": true, "count": 1}));

    let after = app.get("/api/v1/posts", Some(&alice.access_token)).await;
    for id in &post_ids {
        let (old, new) = (card(&before, *id), card(&after, *id));
        if *id == target {
            assert_eq!(
                (new["liked"].clone(), new["collected"].clone()),
                (json!(true), json!(true))
            );
            assert_eq!(
                (new["like_count"].clone(), new["collect_count"].clone()),
                (json!(1), json!(1))
            );
        } else {
            assert_eq!(old, new, "card {id} must not change when {target} is liked");
            assert_eq!(new["liked"], false);
        }
    }
    // Flags are the caller's own: Bob sees the count but not Alice's like as his.
    let as_bob = app.get("/api/v1/posts", Some(&bob.access_token)).await;
    assert_eq!(card(&as_bob, target)["liked"], false);
    assert_eq!(card(&as_bob, target)["like_count"], 1);
    let anonymous = app.get("/api/v1/posts", None).await;
    assert_eq!(card(&anonymous, target)["liked"], false);

    // Following the author flips author_followed on every card by that author, and only those.
    let carol = app.register("carol").await;
    let carol_post = app.create_post(&carol, "carol's", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);
    app.put(
        &format!("/api/v1/users/{}/follow", bob.id),
        Some(&alice.access_token),
    )
    .await;
    let followed = app.get("/api/v1/posts", Some(&alice.access_token)).await;
    for id in &post_ids {
        assert_eq!(card(&followed, *id)["author_followed"], true);
    }
    assert_eq!(card(&followed, carol_post)["author_followed"], false);

    // Unlike and uncollect are idempotent and return the caller's new state.
    for _ in 0..2 {
        let unliked = app
            .delete(
                &format!("/api/v1/posts/{target}/like"),
                Some(&alice.access_token),
            )
            .await;
        assert_eq!(unliked.body, json!({"active": false, "count": 0}));
        let uncollected = app
            .delete(
                &format!("/api/v1/posts/{target}/collect"),
                Some(&alice.access_token),
            )
            .await;
        assert_eq!(uncollected.body, json!({"active": false, "count": 0}));
    }
}

#[tokio::test]
async fn reactions_need_an_existing_target_and_a_session() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let missing = app
        .put("/api/v1/posts/987654/like", Some(&alice.access_token))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let missing_comment = app
        .put("/api/v1/comments/987654/like", Some(&alice.access_token))
        .await;
    assert_eq!(missing_comment.status, StatusCode::NOT_FOUND);
    let post = app.create_post(&alice, "p", &[]).await;
    let anonymous = app
        .put(&format!("/api/v1/posts/{}/like", post["id"]), None)
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.count_rows("likes").await, 0);
    // Liking your own post is allowed and counted once.
    let own = app
        .put(
            &format!("/api/v1/posts/{}/like", post["id"]),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(own.body, json!({"active": true, "count": 1}));
    let again = app
        .put(
            &format!("/api/v1/posts/{}/like", post["id"]),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(again.body, json!({"active": true, "count": 1}));
}
