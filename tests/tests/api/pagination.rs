use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ids, spawn_app};

#[tokio::test]
async fn cursor_pages_neither_repeat_nor_skip_while_posts_arrive() {
    let app = spawn_app().await;
    let author = app.bulk_users(1, "author").await.remove(0);
    let mut existing = Vec::new();
    for index in 0..25 {
        existing.push(
            app.create_post(&author, &format!("post {index}"), &["paged"])
                .await["id"]
                .as_i64()
                .unwrap_or(0),
        );
    }

    for path in [
        "/api/v1/posts?limit=10",
        "/api/v1/tags/paged/posts?limit=10",
    ] {
        let mut expected: Vec<i64> = existing.clone();
        expected.reverse();
        let mut seen = Vec::new();
        let mut next: Option<String> = None;
        let mut pages = 0;
        loop {
            let url = match &next {
                Some(cursor) => format!("{path}&cursor={cursor}"),
                None => path.to_string(),
            };
            let reply = app.get(&url, None).await;
            assert_eq!(reply.status, StatusCode::OK);
            seen.extend(ids(&reply));
            pages += 1;
            // New posts arrive between page reads; they belong before page one, not in later pages.
            existing.push(
                app.create_post(&author, &format!("late {pages}"), &["paged"])
                    .await["id"]
                    .as_i64()
                    .unwrap_or(0),
            );
            next = reply.body["next_cursor"].as_str().map(str::to_string);
            if next.is_none() {
                break;
            }
        }
        assert_eq!(
            seen, expected,
            "{path}: every post that existed at the start exactly once, newest first"
        );
        assert_eq!(pages, expected.len().div_ceil(10));
        assert_eq!(seen.iter().collect::<HashSet<_>>().len(), seen.len());
    }
}

#[tokio::test]
async fn limits_and_cursors_are_validated() {
    let app = spawn_app().await;
    for bad in ["limit=0", "limit=101", "limit=-1", "limit=abc"] {
        let reply = app.get(&format!("/api/v1/posts?{bad}"), None).await;
        assert!(
            reply.status == StatusCode::UNPROCESSABLE_ENTITY
                || reply.status == StatusCode::BAD_REQUEST,
            "{bad}: {:?}",
            reply.status
        );
        assert!(!reply.code().is_empty());
    }
    let forged = app.get("/api/v1/posts?cursor=bm9wZQ", None).await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
    assert_eq!(forged.code(), "invalid_cursor");
    let unknown_sort = app.get("/api/v1/posts?sort=sideways", None).await;
    assert_eq!(unknown_sort.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown_sort.code(), "invalid_query");
}

#[tokio::test]
async fn liked_collected_and_follower_lists_page_by_reaction_time() {
    let app = spawn_app().await;
    let reader = app.register("reader").await;
    let author = app.bulk_users(1, "author").await.remove(0);
    let mut posts = Vec::new();
    for index in 0..5 {
        posts.push(
            app.create_post(&author, &format!("p{index}"), &[]).await["id"]
                .as_i64()
                .unwrap_or(0),
        );
    }
    // Liked in an order different from publication.
    for post in [posts[3], posts[0], posts[4], posts[1]] {
        app.put(
            &format!("/api/v1/posts/{post}/like"),
            Some(&reader.access_token),
        )
        .await;
        app.put(
            &format!("/api/v1/posts/{post}/collect"),
            Some(&reader.access_token),
        )
        .await;
    }
    for list in ["likes", "collects"] {
        let first = app
            .get(
                &format!("/api/v1/users/{}/{list}?limit=3", reader.id),
                Some(&reader.access_token),
            )
            .await;
        assert_eq!(ids(&first), vec![posts[1], posts[4], posts[0]]);
        assert!(
            first.body["items"][0][if list == "likes" {
                "liked"
            } else {
                "collected"
            }] == json!(true)
        );
        let cursor = first.body["next_cursor"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let second = app
            .get(
                &format!("/api/v1/users/{}/{list}?limit=3&cursor={cursor}", reader.id),
                // Collects are private: only their owner pages through them.
                Some(&reader.access_token),
            )
            .await;
        assert_eq!(ids(&second), vec![posts[3]]);
        assert!(second.body["next_cursor"].is_null());
    }
}
