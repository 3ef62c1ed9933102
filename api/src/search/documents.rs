//! What the index holds for a post, read from the database.

use sea_orm::{ConnectionTrait, DbErr};

use crate::content::markdown;
use crate::index::document::PostDocument;
use crate::read_model::queries::posts as posts_queries;
use crate::read_model::queries::tags as tags_queries;
use crate::read_model::queries::users as users_queries;

/// Documents for `ids` (posts that no longer exist, or that a moderator removed, are left out
/// — the indexer deletes their documents), in three queries.
pub async fn load<C: ConnectionTrait>(conn: &C, ids: &[i64]) -> Result<Vec<PostDocument>, DbErr> {
    let mut posts = posts_queries::find_ordered(conn, ids).await?;
    posts.retain(|post| post.removed_at.is_none());
    let post_ids: Vec<i64> = posts.iter().map(|post| post.id).collect();
    let mut tags = tags_queries::names_for_posts(conn, &post_ids).await?;
    let mut author_ids: Vec<i64> = posts.iter().map(|post| post.author_id).collect();
    author_ids.sort_unstable();
    author_ids.dedup();
    let authors = users_queries::find_many(conn, &author_ids).await?;
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
