//! What the index holds for a post, built from the database.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};
use serde::{Deserialize, Serialize};

use crate::markdown;
use crate::posts::repo as posts_repo;
use crate::tags::repo as tags_repo;
use crate::users::repo as users_repo;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostDocument {
    pub id: i64,
    pub kind: String,
    pub title: String,
    /// Plain text (markdown stripped).
    pub content: String,
    pub tags: Vec<String>,
    /// The author's name.
    pub author: String,
    pub created_at: DateTime<Utc>,
    pub likes: i64,
    pub collects: i64,
    pub comments: i64,
}

/// Documents for `ids` (posts that no longer exist are left out), in three queries.
pub async fn load<C: ConnectionTrait>(conn: &C, ids: &[i64]) -> Result<Vec<PostDocument>, DbErr> {
    let posts = posts_repo::find_ordered(conn, ids).await?;
    let post_ids: Vec<i64> = posts.iter().map(|post| post.id).collect();
    let mut tags = tags_repo::names_for_posts(conn, &post_ids).await?;
    let mut author_ids: Vec<i64> = posts.iter().map(|post| post.author_id).collect();
    author_ids.sort_unstable();
    author_ids.dedup();
    let authors = users_repo::find_many(conn, &author_ids).await?;
    Ok(posts
        .into_iter()
        .map(|post| PostDocument {
            id: post.id,
            kind: "post".into(),
            content: markdown::plain_text(&post.content),
            tags: tags.remove(&post.id).unwrap_or_default(),
            author: authors
                .get(&post.author_id)
                .map(|author| author.name.clone())
                .unwrap_or_default(),
            created_at: post.created_at,
            likes: i64::from(post.like_count),
            collects: i64::from(post.collect_count),
            comments: i64::from(post.comment_count),
            title: post.title,
        })
        .collect())
}
