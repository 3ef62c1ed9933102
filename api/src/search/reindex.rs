//! `tidings reindex`: rebuilds the whole search index from the database beside the live one,
//! then swaps it in, with a progress bar.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::documents;
use crate::entity::posts;
use crate::state::AppState;

const BATCH: u64 = 1000;

pub struct ReindexReport {
    pub documents: u64,
    pub seconds: f64,
}

pub async fn reindex(state: &AppState) -> anyhow::Result<ReindexReport> {
    let conn = state.db.conn.clone();
    let total = posts::Entity::find().count(&conn).await?;
    let bar = ProgressBar::new(total).with_style(ProgressStyle::with_template(
        "{msg} [{elapsed_precise}] {wide_bar} {pos}/{len} ({per_sec}, eta {eta})",
    )?);
    bar.set_message(format!("reindexing into {}", state.search.kind()));
    let started = Instant::now();
    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    let rebuild = {
        let search = state.search.clone();
        tokio::spawn(async move { search.rebuild(receiver).await })
    };
    let mut after = 0i64;
    let mut documents = 0u64;
    loop {
        let ids: Vec<i64> = posts::Entity::find()
            .select_only()
            .column(posts::Column::Id)
            .filter(posts::Column::Id.gt(after))
            .order_by_asc(posts::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(&conn)
            .await?;
        let Some(&last) = ids.last() else { break };
        after = last;
        let batch = documents::load(&conn, &ids).await?;
        documents += batch.len() as u64;
        bar.inc(ids.len() as u64);
        if sender.send(batch).await.is_err() {
            break; // the builder failed; its error is reported below
        }
    }
    drop(sender);
    rebuild.await??;
    bar.finish_and_clear();
    Ok(ReindexReport {
        documents,
        seconds: started.elapsed().as_secs_f64(),
    })
}
