//! The `tidings` command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use migration::{Migrator, MigratorTrait};

use crate::config::Settings;
use crate::startup::Application;
use crate::state::AppState;
use crate::{openapi, seed, telemetry};

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
    /// Print the OpenAPI document (the committed openapi/openapi.json) to standard output.
    Openapi,
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
        Command::Openapi => unreachable!("handled above"),
    }
    Ok(())
}
