use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{Reply, spawn_app};

/// The user names of a user-list reply, in order.
fn names(reply: &Reply) -> Vec<&str> {
    reply.body["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|user| user["name"].as_str())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn follow_unfollow_lists_and_stats() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let carol = app.register("carol").await;

    let follow = app
        .put(
            &format!("/api/v1/users/{}/follow", bob.id),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(follow.status, StatusCode::OK);
    assert_eq!(follow.body, json!({"following": true, "follower_count": 1}));
    let again = app
        .put(
            &format!("/api/v1/users/{}/follow", bob.id),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(
        again.body,
        json!({"following": true, "follower_count": 1}),
        "idempotent"
    );
    app.put(
        &format!("/api/v1/users/{}/follow", bob.id),
        Some(&carol.access_token),
    )
    .await;
    app.put(
        &format!("/api/v1/users/{}/follow", carol.id),
        Some(&alice.access_token),
    )
    .await;

    let profile = app
        .get(
            &format!("/api/v1/users/{}", bob.id),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(profile.body["followed"], true);
    assert_eq!(profile.body["stats"]["follower_count"], 2);
    let anonymous = app.get(&format!("/api/v1/users/{}", bob.id), None).await;
    assert_eq!(anonymous.body["followed"], false);
    let me = app.get("/api/v1/me", Some(&alice.access_token)).await;
    assert_eq!(me.body["stats"]["following_count"], 2);

    let followers = app
        .get(
            &format!("/api/v1/users/{}/followers", bob.id),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(
        names(&followers),
        vec!["carol", "alice"],
        "newest follower first"
    );
    assert_eq!(
        followers.body["items"][0]["followed"], true,
        "alice follows carol"
    );
    let following = app
        .get(&format!("/api/v1/users/{}/following", alice.id), None)
        .await;
    assert_eq!(following.body["items"].as_array().map(Vec::len), Some(2));

    let unfollow = app
        .delete(
            &format!("/api/v1/users/{}/follow", bob.id),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(
        unfollow.body,
        json!({"following": false, "follower_count": 1})
    );
    // The cached first page of Bob's followers drops Alice at once.
    let after = app
        .get(&format!("/api/v1/users/{}/followers", bob.id), None)
        .await;
    assert_eq!(names(&after), vec!["carol"]);
    let unfollow_again = app
        .delete(
            &format!("/api/v1/users/{}/follow", bob.id),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(
        unfollow_again.body,
        json!({"following": false, "follower_count": 1})
    );
    assert_eq!(
        app.count_rows(&format!(
            "user_stats WHERE user_id = {} AND following_count = 1",
            alice.id
        ))
        .await,
        1
    );

    let myself = app
        .put(
            &format!("/api/v1/users/{}/follow", alice.id),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(myself.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(myself.code(), "cannot_follow_self");
    let nobody = app
        .put("/api/v1/users/999999/follow", Some(&alice.access_token))
        .await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/api/v1/users/999999/followers", None).await.status,
        StatusCode::NOT_FOUND
    );
}

/// Every `/users/{key}/…` path takes a name or an id, by one rule.
#[tokio::test]
async fn user_paths_take_a_name_or_an_id() {
    let app = spawn_app().await;
    let mei = app.register("mei").await;
    let ken = app.register("ken").await;
    app.create_post(&mei, "Mei writes", &[]).await;

    let by_name = app
        .put("/api/v1/users/mei/follow", Some(&ken.access_token))
        .await;
    assert_eq!(by_name.status, StatusCode::OK, "{:?}", by_name.body);
    assert_eq!(by_name.body["following"], true);
    let followers_by_name = app.get("/api/v1/users/mei/followers", None).await;
    let followers_by_id = app
        .get(&format!("/api/v1/users/{}/followers", mei.id), None)
        .await;
    assert_eq!(followers_by_name.status, StatusCode::OK);
    assert_eq!(followers_by_name.body, followers_by_id.body);
    assert_eq!(followers_by_name.body["items"][0]["id"], ken.id);
    let following = app.get("/api/v1/users/ken/following", None).await;
    assert_eq!(following.body["items"][0]["id"], mei.id);
    let posts = app.get("/api/v1/users/mei/posts", None).await;
    assert_eq!(posts.body["items"][0]["title"], "Mei writes");
    let likes = app.get("/api/v1/users/mei/likes", None).await;
    assert_eq!(likes.status, StatusCode::OK);

    // Unknown names and ids, zero and absurd keys are all a plain 404.
    for key in ["nobody", "0", "-3", "999999", &"x".repeat(300)] {
        let missing = app
            .put(
                &format!("/api/v1/users/{key}/follow"),
                Some(&ken.access_token),
            )
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{key}");
        assert_eq!(missing.code(), "not_found");
        let list = app.get(&format!("/api/v1/users/{key}/posts"), None).await;
        assert_eq!(list.status, StatusCode::NOT_FOUND, "{key}");
    }
    let unfollow = app
        .delete("/api/v1/users/mei/follow", Some(&ken.access_token))
        .await;
    assert_eq!(unfollow.body["following"], false);
}
