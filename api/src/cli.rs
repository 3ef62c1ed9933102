//! The `tidings` command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use migration::{Migrator, MigratorTrait};

use crate::config::Settings;
use crate::startup::Application;
use crate::state::AppState;
use crate::{jobs, openapi, seed, telemetry};

#[derive(Debug, Parser)]
#[command(
    name = "tidings",
    version,
    about = "Tidings: a community for sharing links and write-ups.",
    long_about = "Tidings: a community for sharing links and write-ups.\n\n\
        Settings come from built-in defaults (SQLite under ./data, nothing to install), then a TOML \
        file (--config, or ./tidings.toml when present), then TIDINGS_* environment variables such as \
        TIDINGS_BIND, TIDINGS_DATABASE_URL and TIDINGS_JWT_SECRET."
)]
pub struct Cli {
    /// A TOML settings file (default: ./tidings.toml when it exists).
    #[arg(long, global = true, env = "TIDINGS_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply pending migrations, then serve the API and the web app.
    Serve {
        /// Fill the database with demo users and posts when it has no users yet.
        #[arg(long)]
        seed_demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Add demo users, posts with tags, comments, likes and follows to an empty database.
    SeedDemo,
    /// Recompute every counter (likes, collects, comments, followers, following, posts) from
    /// the rows, fix the columns that drifted and clear the Redis counter hashes; prints what it fixed.
    ReconcileCounters,
    /// Rebuild the whole search index from the database beside the live one, then swap it in
    /// (searches keep working meanwhile); prints documents and documents per second.
    Reindex,
    /// Run job workers (and the outbox relay) without serving HTTP: start several for scale-out.
    Worker,
    /// Inspect and steer the job queue.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// Print the OpenAPI document (the committed openapi/openapi.json) to standard output.
    Openapi,
}

#[derive(Debug, Subcommand)]
enum JobsCommand {
    /// List jobs that used up their attempts (or were aborted), newest first.
    Failed {
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
    /// Put a failed job back in the queue with fresh attempts.
    Retry {
        /// The id `tidings jobs failed` shows.
        id: String,
    },
    /// How many jobs wait in the outbox and the queue.
    Pending,
    /// Queue canary jobs that count their attempts in the `job_probes` table, to see workers,
    /// retries and delivery work end to end.
    Probe {
        #[arg(long, default_value = "probe")]
        prefix: String,
        #[arg(long, default_value_t = 1)]
        count: u32,
        /// Attempts each probe fails on purpose before it succeeds.
        #[arg(long, default_value_t = 0)]
        fail: u32,
    },
}

pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        print!("{}", openapi::json());
        return Ok(());
    }
    telemetry::init();
    let settings = Settings::load(cli.config.as_deref())?;
    match cli.command {
        Command::Serve { seed_demo } => {
            let application = Application::build(settings).await?;
            if seed_demo {
                seed::seed_if_empty(application.state()).await?;
            }
            let address = format!(
                "http://{}:{}",
                application
                    .state()
                    .settings
                    .bind
                    .rsplit_once(':')
                    .map_or("127.0.0.1", |(host, _)| host),
                application.port()
            );
            println!("Tidings is listening on {address}");
            tracing::info!(%address, "serving");
            application.run_until_stopped().await?;
        }
        Command::Migrate => {
            let state = AppState::build(settings).await?;
            Migrator::up(&state.db.conn, None).await?;
            println!("migrations applied");
        }
        Command::SeedDemo => {
            let state = AppState::build(settings).await?;
            Migrator::up(&state.db.conn, None).await?;
            if !seed::seed_if_empty(&state).await? {
                println!("the database already has users; nothing seeded");
            }
        }
        Command::ReconcileCounters => {
            let state = AppState::build(settings).await?;
            Migrator::up(&state.db.conn, None).await?;
            let report = crate::reconcile::reconcile_counters(&state).await?;
            println!("reconciled counters: {report}");
        }
        Command::Reindex => {
            let state = AppState::build(settings).await?;
            Migrator::up(&state.db.conn, None).await?;
            let report = crate::search::reindex::reindex(&state).await?;
            println!(
                "reindexed {} posts into {} in {:.1} s ({:.0} documents/s)",
                report.documents,
                state.search.kind(),
                report.seconds,
                report.documents as f64 / report.seconds.max(0.001)
            );
        }
        Command::Worker => {
            let state = AppState::build(settings).await?;
            Migrator::up(&state.db.conn, None).await?;
            state.jobs.spawn_relay(state.db.clone());
            jobs::worker::spawn_workers(state.clone());
            println!(
                "Tidings worker running on the {} job queue {:?}",
                state.jobs.queue.kind(),
                state.jobs.queue.queue
            );
            shutdown_signal().await;
        }
        Command::Jobs(command) => {
            let state = AppState::build(settings).await?;
            Migrator::up(&state.db.conn, None).await?;
            run_jobs_command(&state, command).await?;
        }
        Command::Openapi => unreachable!("handled above"),
    }
    Ok(())
}

async fn run_jobs_command(state: &AppState, command: JobsCommand) -> anyhow::Result<()> {
    let queue = &state.jobs.queue;
    match command {
        JobsCommand::Failed { limit } => {
            let failed = queue.failed(limit).await?;
            if failed.is_empty() {
                println!("no failed jobs");
            }
            for job in failed {
                println!(
                    "{}  {}  attempts={}  {}\n    error: {}",
                    job.id,
                    job.status,
                    job.attempts,
                    job.job,
                    job.last_error.as_deref().unwrap_or("-")
                );
            }
        }
        JobsCommand::Retry { id } => {
            if queue.retry(&id).await? {
                println!("job {id} is queued again");
            } else {
                anyhow::bail!("no failed job with id {id} (see `tidings jobs failed`)");
            }
        }
        JobsCommand::Pending => {
            println!("{}", queue.pending_count(&state.db).await?);
        }
        JobsCommand::Probe {
            prefix,
            count,
            fail,
        } => {
            let names = jobs::enqueue_probes(&state.db, &state.jobs, &prefix, count, fail).await?;
            // Hand them to the queue now rather than waiting for a running process's relay.
            while jobs::outbox::relay_once(&state.db, queue).await? > 0 {}
            println!("queued {} probe job(s): {}…", names.len(), names[0]);
        }
    }
    Ok(())
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
