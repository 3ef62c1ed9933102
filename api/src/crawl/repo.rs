//! Feed-source and imported-entry rows.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::db::insert_ignore;
use crate::entity::{feed_entries, feed_sources};

pub async fn find<C: ConnectionTrait>(
    conn: &C,
    id: i64,
) -> Result<Option<feed_sources::Model>, DbErr> {
    feed_sources::Entity::find_by_id(id).one(conn).await
}

pub async fn find_by_url<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    url: &str,
) -> Result<Option<feed_sources::Model>, DbErr> {
    feed_sources::Entity::find()
        .filter(feed_sources::Column::UserId.eq(user_id))
        .filter(feed_sources::Column::Url.eq(url))
        .one(conn)
        .await
}

pub async fn list_for_user<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> Result<Vec<feed_sources::Model>, DbErr> {
    feed_sources::Entity::find()
        .filter(feed_sources::Column::UserId.eq(user_id))
        .order_by_asc(feed_sources::Column::Id)
        .all(conn)
        .await
}

pub async fn count_for_user<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    feed_sources::Entity::find()
        .filter(feed_sources::Column::UserId.eq(user_id))
        .count(conn)
        .await
}

pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    url: &str,
    next_poll_at: Option<DateTime<Utc>>,
) -> Result<feed_sources::Model, DbErr> {
    let now = Utc::now();
    let id = feed_sources::Entity::insert(feed_sources::ActiveModel {
        user_id: Set(user_id),
        url: Set(url.to_string()),
        title: Set(String::new()),
        etag: Set(None),
        last_modified: Set(None),
        last_fetched_at: Set(None),
        last_error: Set(None),
        next_poll_at: Set(next_poll_at),
        failure_count: Set(0),
        imported_count: Set(0),
        fetch_count: Set(0),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?
    .last_insert_id;
    find(conn, id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the feed source just inserted".into()))
}

/// Deletes a source and its imported-entry records (the posts stay: they are the user's now).
pub async fn delete<C: ConnectionTrait>(conn: &C, id: i64) -> Result<(), DbErr> {
    feed_entries::Entity::delete_many()
        .filter(feed_entries::Column::SourceId.eq(id))
        .exec(conn)
        .await?;
    feed_sources::Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}

/// Ids of scheduled sources due at `now`, most overdue first.
pub async fn due_ids<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<i64>, DbErr> {
    feed_sources::Entity::find()
        .select_only()
        .column(feed_sources::Column::Id)
        .filter(feed_sources::Column::NextPollAt.lte(now))
        .order_by_asc(feed_sources::Column::NextPollAt)
        .limit(limit)
        .into_tuple()
        .all(conn)
        .await
}

/// Moves a due source's next poll to `next` if it is still due: a compare-and-set, so of two
/// schedulers claiming the same source only one sees a changed row.
pub async fn claim<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    now: DateTime<Utc>,
    next: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = feed_sources::Entity::update_many()
        .col_expr(feed_sources::Column::NextPollAt, Expr::value(next))
        .filter(feed_sources::Column::Id.eq(id))
        .filter(feed_sources::Column::NextPollAt.lte(now))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Records an entry as imported; false when it already was (by this or another worker).
pub async fn claim_entry<C: ConnectionTrait>(
    conn: &C,
    source_id: i64,
    key: &str,
) -> Result<bool, DbErr> {
    let inserted = insert_ignore(
        conn,
        "feed_entries",
        &["source_id", "entry_key", "created_at"],
        vec![source_id.into(), key.to_string().into(), Utc::now().into()],
    )
    .await?;
    Ok(inserted == 1)
}

pub async fn set_entry_post<C: ConnectionTrait>(
    conn: &C,
    source_id: i64,
    key: &str,
    post_id: i64,
) -> Result<(), DbErr> {
    feed_entries::Entity::update_many()
        .col_expr(feed_entries::Column::PostId, Expr::value(post_id))
        .filter(feed_entries::Column::SourceId.eq(source_id))
        .filter(feed_entries::Column::EntryKey.eq(key))
        .exec(conn)
        .await?;
    Ok(())
}

/// What a finished poll leaves on its source.
pub struct PollOutcome {
    pub fetched_at: DateTime<Utc>,
    /// `Some` replaces the stored title.
    pub title: Option<String>,
    /// `Some` replaces the stored validators (a successful, complete import).
    pub validators: Option<(Option<String>, Option<String>)>,
    pub imported: i64,
    pub error: Option<String>,
    /// Whether the poll as a whole failed (fetch or parse), which backs the source off.
    pub failed: bool,
    /// `Some` replaces the next poll time (a back-off).
    pub next_poll_at: Option<DateTime<Utc>>,
}

pub async fn record_poll<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    outcome: PollOutcome,
) -> Result<(), DbErr> {
    let mut update = feed_sources::Entity::update_many()
        .col_expr(
            feed_sources::Column::LastFetchedAt,
            Expr::value(outcome.fetched_at),
        )
        .col_expr(
            feed_sources::Column::LastError,
            Expr::value(outcome.error.map(|error| truncate(&error, 1000))),
        )
        .col_expr(
            feed_sources::Column::FetchCount,
            Expr::col(feed_sources::Column::FetchCount).add(1),
        )
        .col_expr(
            feed_sources::Column::ImportedCount,
            Expr::col(feed_sources::Column::ImportedCount).add(outcome.imported),
        );
    update = if outcome.failed {
        update.col_expr(
            feed_sources::Column::FailureCount,
            Expr::col(feed_sources::Column::FailureCount).add(1),
        )
    } else {
        update.col_expr(feed_sources::Column::FailureCount, Expr::value(0))
    };
    if let Some(title) = outcome.title {
        update = update.col_expr(feed_sources::Column::Title, Expr::value(title));
    }
    if let Some((etag, last_modified)) = outcome.validators {
        update = update
            .col_expr(feed_sources::Column::Etag, Expr::value(etag))
            .col_expr(
                feed_sources::Column::LastModified,
                Expr::value(last_modified),
            );
    }
    if let Some(next) = outcome.next_poll_at {
        update = update.col_expr(feed_sources::Column::NextPollAt, Expr::value(next));
    }
    update
        .filter(feed_sources::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}
