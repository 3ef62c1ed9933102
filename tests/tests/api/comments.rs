use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn threaded_comments_replies_and_deletion() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let carol = app.register("carol").await;
    let post = app.create_post(&alice, "Discuss", &[]).await;
    let post_id = post["id"].as_i64().unwrap_or(0);
    let path = format!("/api/v1/posts/{post_id}/comments");

    let first = app
        .post(&path, Some(&bob.access_token), json!({"content": "First!"}))
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let first_id = first.body["id"].as_i64().unwrap_or(0);
    let reply = app
        .post(
            &path,
            Some(&carol.access_token),
            json!({"content": "A reply", "ref_id": first_id}),
        )
        .await;
    let reply_id = reply.body["id"].as_i64().unwrap_or(0);
    let nested = app
        .post(
            &path,
            Some(&bob.access_token),
            json!({"content": "A reply to the reply", "ref_id": reply_id}),
        )
        .await;
    assert_eq!(nested.status, StatusCode::CREATED);
    let second = app
        .post(
            &path,
            Some(&carol.access_token),
            json!({"content": "Second"}),
        )
        .await;
    let second_id = second.body["id"].as_i64().unwrap_or(0);

    let liked = app
        .put(
            &format!("/api/v1/comments/{reply_id}/like"),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(liked.body, json!({"active": true, "count": 1}));

    let thread = app.get(&path, Some(&alice.access_token)).await;
    assert_eq!(thread.status, StatusCode::OK);
    let items = &thread.body["items"];
    assert_eq!(items[0]["id"], first_id);
    assert_eq!(items[0]["replies"][0]["id"], reply_id);
    assert_eq!(items[0]["replies"][0]["liked"], true);
    assert_eq!(items[0]["replies"][0]["like_count"], 1);
    assert_eq!(
        items[0]["replies"][0]["replies"][0]["content"],
        "A reply to the reply"
    );
    assert_eq!(items[1]["id"], second_id);
    assert_eq!(items[1]["replies"], json!([]));
    assert_eq!(
        app.get(&format!("/api/v1/posts/{post_id}"), None)
            .await
            .body["comment_count"],
        4
    );

    // A reply must point at a comment of the same post.
    let other_post = app.create_post(&alice, "Other", &[]).await;
    let stray = app
        .post(
            &format!("/api/v1/posts/{}/comments", other_post["id"]),
            Some(&bob.access_token),
            json!({"content": "wrong thread", "ref_id": first_id}),
        )
        .await;
    assert_eq!(stray.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stray.code(), "invalid_ref_id");

    // Carol wrote neither the comment nor the post.
    let forbidden = app
        .delete(
            &format!("/api/v1/comments/{first_id}"),
            Some(&carol.access_token),
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    // The post's author may remove any comment on it. Its replies stay, under a placeholder
    // without author or text; its likes go.
    let removed = app
        .delete(
            &format!("/api/v1/comments/{reply_id}"),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.count_rows(&format!(
            "likes WHERE target_kind = 2 AND target_id = {reply_id}"
        ))
        .await,
        0
    );
    let thread = app.get(&path, Some(&alice.access_token)).await;
    let placeholder = &thread.body["items"][0]["replies"][0];
    assert_eq!(placeholder["id"], reply_id);
    assert_eq!(placeholder["deleted"], true);
    assert_eq!(placeholder["content"], "");
    assert_eq!(placeholder["content_html"], "");
    assert_eq!(placeholder["author"]["name"], "[deleted]");
    assert_eq!(placeholder["author"]["id"], 0, "nothing says who wrote it");
    assert_eq!(placeholder["like_count"], 0);
    assert_eq!(
        placeholder["replies"][0]["content"], "A reply to the reply",
        "other people's replies survive"
    );
    assert_eq!(
        app.get(&format!("/api/v1/posts/{post_id}"), None)
            .await
            .body["comment_count"],
        3,
        "a placeholder is not counted"
    );
    // A placeholder can't be liked, replied to, edited or deleted again.
    let like = app
        .put(
            &format!("/api/v1/comments/{reply_id}/like"),
            Some(&bob.access_token),
        )
        .await;
    assert_eq!(like.status, StatusCode::NOT_FOUND);
    let reply_to_deleted = app
        .post(
            &path,
            Some(&bob.access_token),
            json!({"content": "hello?", "ref_id": reply_id}),
        )
        .await;
    assert_eq!(reply_to_deleted.code(), "invalid_ref_id");
    let again = app
        .delete(
            &format!("/api/v1/comments/{reply_id}"),
            Some(&carol.access_token),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    // When the last reply under a placeholder goes, the placeholder goes with it.
    let nested_id = nested.body["id"].as_i64().unwrap_or(0);
    let gone = app
        .delete(
            &format!("/api/v1/comments/{nested_id}"),
            Some(&bob.access_token),
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let thread = app.get(&path, None).await;
    assert_eq!(thread.body["items"][0]["id"], first_id);
    assert_eq!(thread.body["items"][0]["replies"], json!([]));
    assert_eq!(
        app.count_rows(&format!("comments WHERE target_id = {post_id}"))
            .await,
        2
    );
    assert_eq!(
        app.get(&format!("/api/v1/posts/{post_id}"), None)
            .await
            .body["comment_count"],
        2
    );
    // A comment without replies simply goes; its own author may delete it.
    assert_eq!(
        app.delete(
            &format!("/api/v1/comments/{second_id}"),
            Some(&carol.access_token)
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.delete(
            &format!("/api/v1/comments/{first_id}"),
            Some(&bob.access_token)
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.count_rows(&format!("comments WHERE target_id = {post_id}"))
            .await,
        0
    );
    assert_eq!(
        app.get(&format!("/api/v1/posts/{post_id}"), None)
            .await
            .body["comment_count"],
        0
    );
    assert_eq!(
        app.delete("/api/v1/comments/999999", Some(&carol.access_token))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn authors_edit_their_own_comments() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let post = app.create_post(&alice, "Discuss", &[]).await;
    let post_id = post["id"].as_i64().unwrap_or(0);
    let path = format!("/api/v1/posts/{post_id}/comments");
    let created = app
        .post(&path, Some(&bob.access_token), json!({"content": "Frist"}))
        .await;
    let id = created.body["id"].as_i64().unwrap_or(0);
    assert_eq!(created.body["edited_at"], serde_json::Value::Null);
    // Warm the thread (and its cached bodies) before the edit.
    let before = app.get(&path, None).await;
    assert_eq!(before.body["items"][0]["content"], "Frist");

    let edited = app
        .patch(
            &format!("/api/v1/comments/{id}"),
            Some(&bob.access_token),
            json!({"content": "First, *edited*"}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert_eq!(edited.body["content"], "First, *edited*");
    assert!(
        edited.body["content_html"]
            .as_str()
            .unwrap_or("")
            .contains("<em>edited</em>")
    );
    assert!(edited.body["edited_at"].is_string());
    let after = app.get(&path, None).await;
    assert_eq!(after.body["items"][0]["content"], "First, *edited*");
    assert!(after.body["items"][0]["edited_at"].is_string());

    // Only the author edits; the post's author may delete but not rewrite.
    let not_yours = app
        .patch(
            &format!("/api/v1/comments/{id}"),
            Some(&alice.access_token),
            json!({"content": "Rewritten"}),
        )
        .await;
    assert_eq!(not_yours.status, StatusCode::FORBIDDEN);
    assert_eq!(not_yours.code(), "not_allowed");
    let blank = app
        .patch(
            &format!("/api/v1/comments/{id}"),
            Some(&bob.access_token),
            json!({"content": "   "}),
        )
        .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    let anonymous = app
        .patch(
            &format!("/api/v1/comments/{id}"),
            None,
            json!({"content": "x"}),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let missing = app
        .patch(
            "/api/v1/comments/999999",
            Some(&bob.access_token),
            json!({"content": "x"}),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let after = app.get(&path, None).await;
    assert_eq!(after.body["items"][0]["content"], "First, *edited*");
}

#[tokio::test]
async fn closed_posts_refuse_comments() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let post = app
        .post(
            "/api/v1/posts",
            Some(&alice.access_token),
            json!({"title": "No comments", "content": "Quiet please", "can_comment": false}),
        )
        .await;
    let reply = app
        .post(
            &format!("/api/v1/posts/{}/comments", post.body["id"]),
            Some(&bob.access_token),
            json!({"content": "But I must"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.code(), "comments_closed");
    assert_eq!(app.count_rows("comments").await, 0);
    let missing = app
        .post(
            "/api/v1/posts/424242/comments",
            Some(&bob.access_token),
            json!({"content": "hello"}),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// Top-level comments sort oldest (default), newest or most liked first, each order paging to
/// the end without repeats; replies stay in order under their comment.
#[tokio::test]
async fn comments_sort_and_page_in_each_order() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let fans = app.bulk_users(3, "fan").await;
    let post = app.create_post(&alice, "Discuss", &[]).await;
    let post_id = post["id"].as_i64().unwrap_or(0);
    let path = format!("/api/v1/posts/{post_id}/comments");
    let mut ids = Vec::new();
    for n in 0..5 {
        let made = app
            .post(
                &path,
                Some(&alice.access_token),
                json!({"content": format!("comment {n}")}),
            )
            .await;
        ids.push(made.body["id"].as_i64().unwrap_or(0));
    }
    // Comment 2 gets three likes, comment 4 one.
    for fan in &fans {
        app.put(
            format!("/api/v1/comments/{}/like", ids[2]),
            Some(&fan.access_token),
        )
        .await;
    }
    app.put(
        format!("/api/v1/comments/{}/like", ids[4]),
        Some(&fans[0].access_token),
    )
    .await;
    let reply = app
        .post(
            &path,
            Some(&alice.access_token),
            json!({"content": "a reply", "ref_id": ids[2]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);

    async fn all(app: &crate::helpers::TestApp, path: &str, sort: &str) -> Vec<i64> {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..10 {
            let url = match &cursor {
                Some(cursor) => format!("{path}?sort={sort}&limit=2&cursor={cursor}"),
                None => format!("{path}?sort={sort}&limit=2"),
            };
            let page = app.get(&url, None).await;
            assert_eq!(page.status, StatusCode::OK, "{sort}: {:?}", page.body);
            seen.extend(crate::helpers::ids(&page));
            match page.body["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_string()),
                None => return seen,
            }
        }
        panic!("{sort} never ended");
    }
    assert_eq!(all(&app, &path, "oldest").await, ids);
    let mut newest = ids.clone();
    newest.reverse();
    assert_eq!(all(&app, &path, "newest").await, newest);
    assert_eq!(
        all(&app, &path, "top").await,
        vec![ids[2], ids[4], ids[0], ids[1], ids[3]]
    );
    let top = app.get(&format!("{path}?sort=top"), None).await;
    assert_eq!(top.body["items"][0]["replies"][0]["content"], "a reply");
    let bad = app.get(&format!("{path}?sort=best"), None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}
