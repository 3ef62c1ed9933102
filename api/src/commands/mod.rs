//! The `tidings` command line: serve, migrate, seed, import feeds, reconcile counters, admin.

mod progress;
pub mod reconcile;
pub mod seed;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use migration::{Migrator, MigratorTrait};

use crate::config::Settings;
use crate::startup::Application;
use crate::state::AppState;
use crate::{crawl, jobs, openapi, telemetry};
use progress::progress_bar;

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
    /// Add demo users, comments, likes and follows to an empty database, with posts imported from
    /// the demo feed bundled in the binary.
    SeedDemo,
    /// Import a feed (RSS 2.0, Atom 1.0 or JSON Feed) once, from a URL or a local file, as the
    /// posts of an existing user. Entries imported before are skipped, so it can run again.
    ImportFeed {
        /// An http(s) URL (fetched with the same safety rules as scheduled polls) or a file path.
        source: String,
        /// The user (name) who publishes the posts.
        #[arg(long = "as", value_name = "NAME")]
        author: String,
    },
    /// Create an administrator account, or make an existing user an administrator.
    CreateAdmin {
        /// User name for the account.
        name: String,
        #[arg(long)]
        email: String,
        /// The password (default: asked on the terminal, or read from standard input's first line).
        #[arg(long, env = "TIDINGS_ADMIN_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
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
    /// Appoint or remove moderators (administrators do the same in the web app); each change
    /// is logged in the public moderation log as the operator's.
    #[command(subcommand)]
    Moderator(ModeratorCommand),
    /// Print the OpenAPI document (the committed openapi/openapi.json) to standard output.
    Openapi,
}

#[derive(Debug, Subcommand)]
enum ModeratorCommand {
    /// Make a user a moderator.
    Add {
        /// The user's name.
        name: String,
    },
    /// Take a moderator's role away.
    Remove {
        /// The user's name.
        name: String,
    },
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
            let bar = progress_bar("reconciling", 0);
            let report =
                crate::commands::reconcile::reconcile_counters_with_progress(&state, &bar).await?;
            bar.finish_and_clear();
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
        Command::ImportFeed { source, author } => {
            let state = AppState::build(settings).await?;
            Migrator::up(&state.db.conn, None).await?;
            state.jobs.spawn_relay(state.db.clone());
            let author_id =
                crate::read_model::queries::users::find_id_by_name(&state.db.conn, &author)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("no user named {author}"))?;
            let bar = progress_bar("importing", 0);
            let (title, report) = crawl::service::import_once(
                &state,
                author_id,
                crawl::service::ImportInput::parse(&source),
                &bar,
            )
            .await?;
            bar.finish_and_clear();
            // Hand the fan-out jobs to the queue before exiting.
            while jobs::outbox::relay_once(&state.db, &state.jobs.queue).await? > 0 {}
            let title = if title.is_empty() {
                source.clone()
            } else {
                title
            };
            println!("{title}: {report} (as {author})");
            if let Some(error) = &report.first_error {
                println!("first failure: {error}");
            }
            if report.failed > 0 {
                anyhow::bail!("{} entries failed to import", report.failed);
            }
        }
        Command::CreateAdmin {
            name,
            email,
            password,
        } => {
            let state = AppState::build(settings).await?;
            Migrator::up(&state.db.conn, None).await?;
            let outcome = create_admin(&state, name, email, password).await?;
            println!("{outcome}");
        }
        Command::Moderator(command) => {
            let state = AppState::build(settings).await?;
            Migrator::up(&state.db.conn, None).await?;
            let (name, appoint) = match command {
                ModeratorCommand::Add { name } => (name, true),
                ModeratorCommand::Remove { name } => (name, false),
            };
            let user = crate::users::repo::find_by_name(&state.db.conn, &name)
                .await?
                .ok_or_else(|| anyhow::anyhow!("there is no user named {name}"))?;
            crate::moderation::service::set_moderator(
                &state,
                crate::moderation::service::OPERATOR,
                crate::domain::ids::UserId(user.id),
                appoint,
                "",
            )
            .await
            .map_err(|error| anyhow::anyhow!("{error}"))?;
            if appoint {
                println!("{name} (id {}) is now a moderator", user.id);
            } else {
                println!("{name} (id {}) is no longer a moderator", user.id);
            }
        }
        Command::Worker => {
            let state = AppState::build(settings).await?;
            Migrator::up(&state.db.conn, None).await?;
            state.jobs.spawn_relay(state.db.clone());
            crate::startup::spawn_job_workers(&state);
            crawl::scheduler::spawn(state.clone());
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

/// Creates the administrator, or promotes the existing user of that name.
async fn create_admin(
    state: &AppState,
    name: String,
    email: String,
    password: Option<String>,
) -> anyhow::Result<String> {
    use sea_orm::ActiveValue::Set;
    use sea_orm::EntityTrait;

    use crate::entity::users;
    let conn = &state.db.conn;
    let existing = crate::users::repo::find_by_name(conn, &name).await?;
    let (id, created) = match existing {
        Some(user) => (user.id, false),
        None => {
            let password = match password {
                Some(password) => password,
                None => read_password()?,
            };
            let id = crate::auth::service::create_account(
                state,
                crate::auth::dto::RegisterRequest {
                    name: name.clone(),
                    email,
                    password,
                },
            )
            .await
            .map_err(|error| match error {
                crate::error::AppError::Unprocessable { fields, .. }
                | crate::error::AppError::Conflict { fields, .. } => {
                    anyhow::anyhow!("cannot create {name}: {fields:?}")
                }
                other => anyhow::anyhow!("cannot create {name}: {other}"),
            })?;
            (id, true)
        }
    };
    let mut write = crate::effects::Write::begin(state).await?;
    users::Entity::update(users::ActiveModel {
        id: Set(id),
        is_admin: Set(true),
        ..Default::default()
    })
    .exec(write.conn())
    .await?;
    write
        .record(crate::effects::Fact::AccountChanged {
            user: crate::domain::ids::UserId(id),
        })
        .await?;
    write.commit().await?;
    Ok(if created {
        format!("created administrator {name} (id {id})")
    } else {
        format!("{name} (id {id}) existed and is now an administrator; the password is unchanged")
    })
}

/// The password from the terminal without echo, or the first line of standard input.
fn read_password() -> anyhow::Result<String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let password = rpassword::prompt_password("password: ")?;
        let again = rpassword::prompt_password("again: ")?;
        anyhow::ensure!(password == again, "the passwords differ");
        Ok(password)
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        let password = line.trim_end_matches(['\r', '\n']).to_string();
        anyhow::ensure!(
            !password.is_empty(),
            "no password on standard input (or use --password)"
        );
        Ok(password)
    }
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
