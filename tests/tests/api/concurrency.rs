//! Races the original site lost: many identical or parallel writes at once.

use futures_util::future::join_all;
use reqwest::StatusCode;

use crate::helpers::spawn_app;

#[tokio::test]
async fn fifty_concurrent_likes_from_one_user_count_once() {
    let app = spawn_app().await;
    let users = app.bulk_users(1, "liker").await;
    let author = app.register("author").await;
    let post = app.create_post(&author, "Like me", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);
    let path = format!("/api/v1/posts/{post}/like");

    let replies = join_all((0..50).map(|_| app.put(&path, Some(&users[0].access_token)))).await;
    assert!(
        replies.iter().all(|reply| reply.status == StatusCode::OK),
        "{:?}",
        replies.iter().find(|r| r.status != StatusCode::OK)
    );
    assert_eq!(
        app.count_rows(&format!(
            "likes WHERE target_id = {post} AND target_kind = 1"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count_rows(&format!("posts WHERE id = {post} AND like_count = 1"))
            .await,
        1
    );

    let replies = join_all((0..50).map(|_| app.delete(&path, Some(&users[0].access_token)))).await;
    assert!(replies.iter().all(|reply| reply.status == StatusCode::OK));
    assert_eq!(
        app.count_rows(&format!("likes WHERE target_id = {post}"))
            .await,
        0
    );
    assert_eq!(
        app.count_rows(&format!("posts WHERE id = {post} AND like_count = 0"))
            .await,
        1
    );
}

#[tokio::test]
async fn fifty_users_liking_and_collecting_at_once_count_fifty() {
    let app = spawn_app().await;
    let users = app.bulk_users(50, "fan").await;
    let author = app.register("author").await;
    let post = app.create_post(&author, "Popular", &[]).await["id"]
        .as_i64()
        .unwrap_or(0);

    let likes = join_all(users.iter().map(|user| {
        app.put(
            format!("/api/v1/posts/{post}/like"),
            Some(&user.access_token),
        )
    }));
    let collects = join_all(users.iter().map(|user| {
        app.put(
            format!("/api/v1/posts/{post}/collect"),
            Some(&user.access_token),
        )
    }));
    let (likes, collects) = tokio::join!(likes, collects);
    assert!(
        likes
            .iter()
            .chain(collects.iter())
            .all(|reply| reply.status == StatusCode::OK)
    );
    assert_eq!(
        app.count_rows(&format!("likes WHERE target_id = {post}"))
            .await,
        50
    );
    assert_eq!(
        app.count_rows(&format!(
            "posts WHERE id = {post} AND like_count = 50 AND collect_count = 50"
        ))
        .await,
        1
    );
    let read = app.get(&format!("/api/v1/posts/{post}"), None).await;
    assert_eq!(
        (
            read.body["like_count"].as_i64(),
            read.body["collect_count"].as_i64()
        ),
        (Some(50), Some(50))
    );

    // Half of them take it back while the other half press like again: counts stay exact.
    let app = &app;
    let mixed = join_all(users.iter().enumerate().map(|(index, user)| {
        let path = format!("/api/v1/posts/{post}/like");
        async move {
            if index % 2 == 0 {
                app.delete(&path, Some(&user.access_token)).await
            } else {
                app.put(&path, Some(&user.access_token)).await
            }
        }
    }))
    .await;
    assert!(mixed.iter().all(|reply| reply.status == StatusCode::OK));
    assert_eq!(
        app.count_rows(&format!("likes WHERE target_id = {post}"))
            .await,
        25
    );
    assert_eq!(
        app.count_rows(&format!("posts WHERE id = {post} AND like_count = 25"))
            .await,
        1
    );
}

#[tokio::test]
async fn concurrent_follows_keep_user_stats_exact() {
    let app = spawn_app().await;
    let fans = app.bulk_users(50, "fan").await;
    let star = app.bulk_users(1, "star").await.remove(0);

    // 50 users follow one account while that account follows 10 of them back, all at once.
    let follows = join_all(fans.iter().map(|fan| {
        app.put(
            format!("/api/v1/users/{}/follow", star.id),
            Some(&fan.access_token),
        )
    }));
    let back = join_all(fans.iter().take(10).map(|fan| {
        app.put(
            format!("/api/v1/users/{}/follow", fan.id),
            Some(&star.access_token),
        )
    }));
    // The same follow sent 20 times at once.
    let repeated = join_all((0..20).map(|_| {
        app.put(
            format!("/api/v1/users/{}/follow", star.id),
            Some(&fans[0].access_token),
        )
    }));
    let (follows, back, repeated) = tokio::join!(follows, back, repeated);
    assert!(
        follows
            .iter()
            .chain(back.iter())
            .chain(repeated.iter())
            .all(|reply| reply.status == StatusCode::OK)
    );

    assert_eq!(
        app.count_rows(&format!("follows WHERE to_id = {}", star.id))
            .await,
        50
    );
    assert_eq!(
        app.count_rows(&format!(
            "user_stats WHERE user_id = {} AND follower_count = 50 AND following_count = 10",
            star.id
        ))
        .await,
        1
    );
    assert_eq!(
        app.count_rows("user_stats WHERE following_count = 1").await,
        50
    );
    assert_eq!(
        app.count_rows("user_stats WHERE follower_count = 1").await,
        10
    );

    let unfollows = join_all(fans.iter().map(|fan| {
        app.delete(
            format!("/api/v1/users/{}/follow", star.id),
            Some(&fan.access_token),
        )
    }));
    let repeated = join_all((0..20).map(|_| {
        app.delete(
            format!("/api/v1/users/{}/follow", star.id),
            Some(&fans[1].access_token),
        )
    }));
    let (unfollows, repeated) = tokio::join!(unfollows, repeated);
    assert!(
        unfollows
            .iter()
            .chain(repeated.iter())
            .all(|reply| reply.status == StatusCode::OK)
    );
    assert_eq!(
        app.count_rows(&format!("follows WHERE to_id = {}", star.id))
            .await,
        0
    );
    assert_eq!(
        app.count_rows(&format!(
            "user_stats WHERE user_id = {} AND follower_count = 0 AND following_count = 10",
            star.id
        ))
        .await,
        1
    );
    assert_eq!(
        app.count_rows("user_stats WHERE following_count = 0").await,
        50
    );
}

#[tokio::test]
async fn concurrent_posts_with_new_tags_create_each_tag_once() {
    let app = spawn_app().await;
    let writers = app.bulk_users(20, "writer").await;
    let replies = join_all(writers.iter().map(|writer| {
        app.post(
            "/api/v1/posts",
            Some(&writer.access_token),
            serde_json::json!({"title": "Same tags", "content": "racing", "tags": ["fresh", "brand-new"]}),
        )
    }))
    .await;
    assert!(
        replies
            .iter()
            .all(|reply| reply.status == StatusCode::CREATED),
        "{:?}",
        replies.iter().find(|r| r.status != StatusCode::CREATED)
    );
    assert_eq!(app.count_rows("tags").await, 2);
    assert_eq!(app.count_rows("post_tags").await, 40);
    assert_eq!(app.count_rows("user_stats WHERE post_count = 1").await, 20);
}
