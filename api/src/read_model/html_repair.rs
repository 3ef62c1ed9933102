//! Rows written before rendered HTML was stored (an import, an old version) are rendered when
//! first read, and the render is cached like any body. Storing it is left to one background task
//! per process, in batches, inside the serialized write path: a read never waits for the
//! database's write lock. (Storing it from the read itself made every cold comment thread on
//! SQLite queue behind the writers: 160 ms a thread under the mixed benchmark.)

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr};
use tokio::sync::mpsc;

use crate::db::Db;

/// Renders waiting to be stored; past this many, new ones are dropped (the next read of such a
/// row renders it again).
const QUEUE: usize = 10_000;
/// Renders stored per transaction.
const BATCH: usize = 200;

/// A render of a row whose `content_html` is missing.
#[derive(Debug)]
pub enum Render {
    Post { id: i64, html: String },
    Comment { id: i64, html: String },
}

/// Where reads hand their renders to the background task.
#[derive(Clone)]
pub struct HtmlRepairs {
    sender: mpsc::Sender<Render>,
}

impl HtmlRepairs {
    /// Starts this process's task.
    pub fn start(db: Db) -> HtmlRepairs {
        let (sender, receiver) = mpsc::channel(QUEUE);
        tokio::spawn(store_renders(db, receiver));
        HtmlRepairs { sender }
    }

    /// Offers a render to be stored; never waits.
    pub fn offer(&self, render: Render) {
        if self.sender.try_send(render).is_err() {
            tracing::debug!("render queue full; the row will be rendered on its next read");
        }
    }
}

async fn store_renders(db: Db, mut receiver: mpsc::Receiver<Render>) {
    let mut batch = Vec::with_capacity(BATCH);
    while receiver.recv_many(&mut batch, BATCH).await > 0 {
        if let Err(error) = store(&db, &batch).await {
            tracing::warn!(%error, renders = batch.len(), "storing rendered HTML; later reads render again");
        }
        batch.clear();
    }
}

async fn store(db: &Db, renders: &[Render]) -> Result<(), DbErr> {
    let write = db.begin_write().await?;
    for render in renders {
        let (table, id, html) = match render {
            Render::Post { id, html } => ("posts", id, html),
            Render::Comment { id, html } => ("comments", id, html),
        };
        // Only where it is still missing: an edit in between stored its own.
        let update = Query::update()
            .table(Alias::new(table))
            .value(Alias::new("content_html"), html.as_str())
            .and_where(Expr::col(Alias::new("id")).eq(*id))
            .and_where(Expr::col(Alias::new("content_html")).is_null())
            .to_owned();
        write.execute(&update).await?;
    }
    write.commit().await
}
