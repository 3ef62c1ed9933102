//! `tidings reconcile-counters`: recomputes every stored counter from the rows it counts, fixes
//! the columns that drifted, and clears the Redis counter hashes so they rebuild from the fixed
//! columns.

use sea_orm::{ConnectionTrait, DbErr, Statement};

use crate::state::AppState;

#[derive(Debug, Default)]
pub struct Report {
    pub posts_checked: u64,
    pub posts_fixed: u64,
    pub comments_checked: u64,
    pub comments_fixed: u64,
    pub users_checked: u64,
    pub users_fixed: u64,
    pub redis_hashes_cleared: u64,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "posts: {} checked, {} fixed; comments: {} checked, {} fixed; users: {} checked, {} fixed; \
             Redis counter hashes cleared: {}",
            self.posts_checked,
            self.posts_fixed,
            self.comments_checked,
            self.comments_fixed,
            self.users_checked,
            self.users_fixed,
            self.redis_hashes_cleared
        )
    }
}

/// One counted column (what a moderator removed does not count, as it shows nowhere): the table and column holding it, and the count it must equal, as a
/// subquery on the row `{row}` (the same SQL on SQLite, PostgreSQL and MySQL).
struct Counted {
    table: &'static str,
    column: &'static str,
    truth: &'static str,
}

const COUNTED: [Counted; 7] = [
    Counted {
        table: "posts",
        column: "like_count",
        truth: "SELECT COUNT(*) FROM likes x WHERE x.target_id = {row}.id AND x.target_kind = 1",
    },
    Counted {
        table: "posts",
        column: "collect_count",
        truth: "SELECT COUNT(*) FROM collects x WHERE x.target_id = {row}.id AND x.target_kind = 1",
    },
    Counted {
        table: "posts",
        column: "comment_count",
        truth: "SELECT COUNT(*) FROM comments x WHERE x.target_id = {row}.id AND x.target_kind = 1 AND x.deleted_at IS NULL AND x.removed_at IS NULL",
    },
    Counted {
        table: "comments",
        column: "like_count",
        truth: "SELECT COUNT(*) FROM likes x WHERE x.target_id = {row}.id AND x.target_kind = 2",
    },
    Counted {
        table: "user_stats",
        column: "follower_count",
        truth: "SELECT COUNT(*) FROM follows x WHERE x.to_id = {row}.user_id",
    },
    Counted {
        table: "user_stats",
        column: "following_count",
        truth: "SELECT COUNT(*) FROM follows x WHERE x.from_id = {row}.user_id",
    },
    Counted {
        table: "user_stats",
        column: "post_count",
        truth: "SELECT COUNT(*) FROM posts x WHERE x.author_id = {row}.user_id AND x.removed_at IS NULL",
    },
];

pub async fn reconcile_counters(state: &AppState) -> anyhow::Result<Report> {
    reconcile_counters_with_progress(state, &indicatif::ProgressBar::hidden()).await
}

/// `reconcile_counters`, advancing `progress` once per counted column.
pub async fn reconcile_counters_with_progress(
    state: &AppState,
    progress: &indicatif::ProgressBar,
) -> anyhow::Result<Report> {
    progress.set_length(COUNTED.len() as u64);
    let mut report = Report::default();
    let conn = &state.db.conn;
    report.posts_checked = count(conn, "posts").await?;
    report.comments_checked = count(conn, "comments").await?;
    report.users_checked = count(conn, "user_stats").await?;
    for counted in &COUNTED {
        progress.set_message(format!("{}.{}", counted.table, counted.column));
        // The fix recomputes the count inside the UPDATE itself, so a like landing meanwhile is
        // counted rather than overwritten by a value read a moment earlier.
        let txn = state.db.begin_write().await?;
        let truth = counted.truth.replace("{row}", counted.table);
        let fixed = txn
            .execute_unprepared(&format!(
                "UPDATE {table} SET {column} = ({truth}) WHERE {column} <> ({truth})",
                table = counted.table,
                column = counted.column,
            ))
            .await?
            .rows_affected();
        txn.commit().await?;
        if fixed > 0 {
            tracing::warn!(
                table = counted.table,
                column = counted.column,
                fixed,
                "counter drift fixed"
            );
        }
        match counted.table {
            "posts" => report.posts_fixed += fixed,
            "comments" => report.comments_fixed += fixed,
            _ => report.users_fixed += fixed,
        }
        progress.inc(1);
    }
    report.redis_hashes_cleared = state.counters.clear().await?;
    Ok(report)
}

async fn count<C: ConnectionTrait>(conn: &C, table: &str) -> Result<u64, DbErr> {
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await?;
    Ok(row
        .and_then(|row| row.try_get::<i64>("", "n").ok())
        .unwrap_or(0) as u64)
}
