//! Comment rows as threads read them: the row without its body, pages of top-level comments,
//! whole reply trees, and bodies.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

use crate::db::pagination::PageRequest;
use crate::entity::{TargetKind, comments};

pub async fn find<C: ConnectionTrait>(conn: &C, id: i64) -> Result<Option<comments::Model>, DbErr> {
    comments::Entity::find_by_id(id).one(conn).await
}

/// Whole comment rows by id (missing ones skipped).
pub async fn find_many<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<Vec<comments::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    comments::Entity::find()
        .filter(comments::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await
}

/// A comment row without its body (the body comes from the cache).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CommentRow {
    pub id: i64,
    pub author_id: i64,
    pub target_id: i64,
    /// The comment this one replies to (`None`: a comment on the post).
    pub parent: Option<i64>,
    /// The top-level comment of its thread (`None`: it is one).
    pub root: Option<i64>,
    pub like_count: i32,
    // Microseconds in the cache, not a string to parse on every read.
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "chrono::serde::ts_microseconds_option")]
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted: bool,
    /// Why a moderator removed it, while it is removed.
    pub removed_reason: Option<String>,
}

/// The columns as stored, where 0 means "none" in `ref_id` and `root_id`.
#[derive(FromQueryResult)]
struct StoredRow {
    id: i64,
    author_id: i64,
    target_id: i64,
    ref_id: i64,
    root_id: i64,
    like_count: i32,
    created_at: DateTime<Utc>,
    edited_at: Option<DateTime<Utc>>,
    deleted_at: Option<DateTime<Utc>>,
    removed_at: Option<DateTime<Utc>>,
    removed_reason: Option<String>,
}

/// The stored "no parent" (`ref_id`) and "no thread root" (`root_id`) value.
const NONE: i64 = 0;

/// A stored `ref_id` / `root_id` as the id it names, if any.
pub fn stored_ref(value: i64) -> Option<i64> {
    (value != NONE).then_some(value)
}

/// An optional id as stored in `ref_id` / `root_id`.
pub fn to_stored_ref(value: Option<i64>) -> i64 {
    value.unwrap_or(NONE)
}

impl From<StoredRow> for CommentRow {
    fn from(row: StoredRow) -> Self {
        CommentRow {
            id: row.id,
            author_id: row.author_id,
            target_id: row.target_id,
            parent: stored_ref(row.ref_id),
            root: stored_ref(row.root_id),
            like_count: row.like_count,
            created_at: row.created_at,
            edited_at: row.edited_at,
            deleted: row.deleted_at.is_some(),
            removed_reason: removal(row.removed_at, row.removed_reason),
        }
    }
}

impl From<&comments::Model> for CommentRow {
    fn from(comment: &comments::Model) -> Self {
        CommentRow {
            id: comment.id,
            author_id: comment.author_id,
            target_id: comment.target_id,
            parent: stored_ref(comment.ref_id),
            root: stored_ref(comment.root_id),
            like_count: comment.like_count,
            created_at: comment.created_at,
            edited_at: comment.edited_at,
            deleted: comment.deleted_at.is_some(),
            removed_reason: removal(comment.removed_at, comment.removed_reason.clone()),
        }
    }
}

/// The reason of a removal in force.
fn removal(at: Option<DateTime<Utc>>, reason: Option<String>) -> Option<String> {
    at.map(|_| reason.unwrap_or_default())
}

impl CommentRow {
    /// The top-level comment of its thread: its root, or itself.
    pub fn thread(&self) -> i64 {
        self.root.unwrap_or(self.id)
    }
}

fn rows() -> Select<comments::Entity> {
    comments::Entity::find().select_only().columns([
        comments::Column::Id,
        comments::Column::AuthorId,
        comments::Column::TargetId,
        comments::Column::RefId,
        comments::Column::RootId,
        comments::Column::LikeCount,
        comments::Column::CreatedAt,
        comments::Column::EditedAt,
        comments::Column::DeletedAt,
        comments::Column::RemovedAt,
        comments::Column::RemovedReason,
    ])
}

/// The markdown of many comments, in one query.
pub async fn contents<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<HashMap<i64, (String, Option<String>)>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, String, Option<String>)> = comments::Entity::find()
        .select_only()
        .columns([
            comments::Column::Id,
            comments::Column::Content,
            comments::Column::ContentHtml,
        ])
        .filter(comments::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, content, html)| (id, (content, html)))
        .collect())
}

/// Top-level comments of a post, oldest (or newest) first, after the cursor (`limit + 1` rows).
pub async fn top_level_page<C: ConnectionTrait>(
    conn: &C,
    post_id: i64,
    newest_first: bool,
    page: PageRequest,
) -> Result<Vec<CommentRow>, DbErr> {
    let mut query = top_level(post_id);
    if let Some(after) = page.after {
        query = query.filter(if newest_first {
            comments::Column::Id.lt(after)
        } else {
            comments::Column::Id.gt(after)
        });
    }
    let query = if newest_first {
        query.order_by_desc(comments::Column::Id)
    } else {
        query.order_by_asc(comments::Column::Id)
    };
    let rows: Vec<StoredRow> = query.limit(page.limit + 1).into_model().all(conn).await?;
    Ok(rows.into_iter().map(CommentRow::from).collect())
}

/// Top-level comments of a post, most liked first (then oldest), from `offset` (`limit` rows).
pub async fn top_level_by_likes<C: ConnectionTrait>(
    conn: &C,
    post_id: i64,
    offset: u64,
    limit: u64,
) -> Result<Vec<CommentRow>, DbErr> {
    let rows: Vec<StoredRow> = top_level(post_id)
        .order_by_desc(comments::Column::LikeCount)
        .order_by_asc(comments::Column::Id)
        .offset(offset)
        .limit(limit)
        .into_model()
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(CommentRow::from).collect())
}

fn top_level(post_id: i64) -> Select<comments::Entity> {
    rows()
        .filter(comments::Column::TargetId.eq(post_id))
        .filter(comments::Column::TargetKind.eq(TargetKind::Post))
        .filter(comments::Column::RootId.eq(NONE))
}

/// Every reply in the given threads, oldest first.
pub async fn replies_in_threads<C: ConnectionTrait>(
    conn: &C,
    root_ids: &[i64],
) -> Result<Vec<CommentRow>, DbErr> {
    if root_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<StoredRow> = rows()
        .filter(comments::Column::RootId.is_in(root_ids.iter().copied()))
        // Word for word the condition of `idx_comments_replies` (a literal, not a parameter),
        // so SQLite uses that index rather than scanning every comment.
        .filter(Expr::cust("root_id <> 0"))
        .order_by_asc(comments::Column::Id)
        .into_model()
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(CommentRow::from).collect())
}
