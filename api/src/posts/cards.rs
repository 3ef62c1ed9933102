//! Turns post rows into cards with the caller's own flags: five queries per page whatever its
//! size (authors, tags, likes, collects, follows), never one per card.

use sea_orm::ConnectionTrait;

use super::dto::PostCard;
use crate::entity::{TargetKind, posts};
use crate::error::Result;
use crate::follows::repo as follows_repo;
use crate::reactions::repo as reactions_repo;
use crate::reactions::target::Reaction;
use crate::tags::repo as tags_repo;
use crate::users::dto::UserSummary;
use crate::users::repo as users_repo;

pub async fn build<C: ConnectionTrait>(
    conn: &C,
    viewer: Option<i64>,
    posts: Vec<posts::Model>,
) -> Result<Vec<PostCard>> {
    let post_ids: Vec<i64> = posts.iter().map(|post| post.id).collect();
    let mut author_ids: Vec<i64> = posts.iter().map(|post| post.author_id).collect();
    author_ids.sort_unstable();
    author_ids.dedup();

    let authors = users_repo::find_many(conn, &author_ids).await?;
    let mut tags = tags_repo::names_for_posts(conn, &post_ids).await?;
    let (liked, collected, followed) = match viewer {
        Some(viewer) => (
            reactions_repo::reacted_among(
                conn,
                Reaction::Like,
                viewer,
                TargetKind::Post,
                &post_ids,
            )
            .await?,
            reactions_repo::reacted_among(
                conn,
                Reaction::Collect,
                viewer,
                TargetKind::Post,
                &post_ids,
            )
            .await?,
            follows_repo::followed_among(conn, viewer, &author_ids).await?,
        ),
        None => Default::default(),
    };

    Ok(posts
        .into_iter()
        .map(|post| PostCard {
            author: authors
                .get(&post.author_id)
                .map(UserSummary::from)
                .unwrap_or_else(|| deleted_user(post.author_id)),
            tags: tags.remove(&post.id).unwrap_or_default(),
            liked: liked.contains(&post.id),
            collected: collected.contains(&post.id),
            author_followed: followed.contains(&post.author_id),
            id: post.id,
            title: post.title,
            orig_url: post.orig_url,
            excerpt: post.excerpt,
            can_comment: post.can_comment,
            like_count: post.like_count,
            collect_count: post.collect_count,
            comment_count: post.comment_count,
            created_at: post.created_at,
            updated_at: post.updated_at,
        })
        .collect())
}

/// Without foreign keys an author row can be gone; show a placeholder rather than fail the page.
pub fn deleted_user(id: i64) -> UserSummary {
    UserSummary {
        id,
        name: "[deleted]".into(),
        nickname: String::new(),
        avatar: String::new(),
    }
}
