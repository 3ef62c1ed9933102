//! The durable job queue: retries with backoff, failed jobs an operator can list and retry,
//! jobs that outlive a server restart or a crash before enqueue, and two worker processes
//! sharing a queue, each job run exactly once. Probes (canary jobs that count their attempts in
//! `job_probes`) make every run observable.

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::helpers::{
    Backend, RedisServer, ServerProcess, TestDatabase, eventually, spawn_app, spawn_app_with,
    tidings_command,
};

/// (attempts, succeeded) of one probe.
async fn probe(db: &DatabaseConnection, name: &str) -> Option<(i64, bool)> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT attempts, CASE WHEN succeeded_at IS NULL THEN 0 ELSE 1 END AS done \
                 FROM job_probes WHERE name = '{name}'"
            ),
        ))
        .await
        .ok()??;
    let attempts: i32 = row.try_get("", "attempts").ok()?;
    let done: i32 = row.try_get("", "done").ok()?;
    Some((i64::from(attempts), done == 1))
}

fn run(mut command: std::process::Command, args: &[&str]) -> String {
    let output = command.args(args).output().expect("tidings runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "tidings {args:?} failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

async fn wait_for_success(app_db: &DatabaseConnection, name: &str) -> i64 {
    eventually(30, &format!("probe {name} succeeds"), || async {
        probe(app_db, name)
            .await
            .and_then(|(attempts, done)| done.then_some(attempts))
    })
    .await
}

#[tokio::test]
async fn a_job_that_fails_twice_is_retried_with_backoff_and_succeeds() {
    let app = spawn_app().await;
    run(
        app.command(),
        &["jobs", "probe", "--prefix", "flaky", "--fail", "2"],
    );
    let attempts = wait_for_success(&app.db, "flaky-1").await;
    assert_eq!(attempts, 3, "two failures, then the third attempt succeeds");
}

#[tokio::test]
async fn a_job_out_of_attempts_is_listed_as_failed_and_can_be_retried() {
    let app = spawn_app_with(|settings| settings.job_max_attempts = 2).await;
    run(
        app.command(),
        &["jobs", "probe", "--prefix", "doomed", "--fail", "2"],
    );
    let listed = eventually(30, "the probe is listed as failed", || async {
        let out = run(app.command(), &["jobs", "failed"]);
        out.contains("\"name\":\"doomed-1\"").then_some(out)
    })
    .await;
    assert_eq!(probe(&app.db, "doomed-1").await, Some((2, false)));
    assert!(
        listed.contains("fails attempt 2"),
        "the last error is shown: {listed}"
    );
    let id = listed.split_whitespace().next().expect("an id").to_string();
    let retried = run(app.command(), &["jobs", "retry", &id]);
    assert!(retried.contains("queued again"), "{retried}");
    assert_eq!(wait_for_success(&app.db, "doomed-1").await, 3);
    assert!(run(app.command(), &["jobs", "failed"]).contains("no failed jobs"));
    // Retrying something that is not a failed job is an error, not a silent success.
    let output = app
        .command()
        .args(["jobs", "retry", &id])
        .output()
        .expect("tidings runs");
    assert!(!output.status.success());
}

/// Settings for processes sharing one test database (and, on MySQL, one Redis for jobs).
fn process_env(redis: Option<&RedisServer>, in_process_workers: bool) -> Vec<(String, String)> {
    let mut env = vec![
        ("TIDINGS_JOB_BACKOFF_MS".to_string(), "50".to_string()),
        (
            "TIDINGS_JOBS_IN_PROCESS".to_string(),
            in_process_workers.to_string(),
        ),
    ];
    if let Some(redis) = redis {
        env.push(("TIDINGS_JOB_REDIS_URL".to_string(), redis.url()));
    }
    env
}

fn job_redis() -> Option<RedisServer> {
    (Backend::from_env() == Backend::MySql).then(RedisServer::start)
}

#[tokio::test]
async fn a_job_queued_before_a_restart_runs_after_it() {
    let database = TestDatabase::create().await;
    let redis = job_redis();
    let db = sea_orm::Database::connect(&database.url).await.expect("db");
    // A server without workers takes the job…
    let server = ServerProcess::spawn_with(&database.url, &process_env(redis.as_ref(), false));
    let mut command = tidings_command(&database.url);
    command.envs(process_env(redis.as_ref(), false));
    run(command, &["jobs", "probe", "--prefix", "durable"]);
    // …and is killed before anything ran it.
    drop(server);
    assert_eq!(probe(&db, "durable-1").await, Some((0, false)));

    // A crash between a commit and the enqueue leaves the job in the outbox: write one there
    // the way a service's transaction does, with no process running to relay it.
    db.execute_unprepared(
        "INSERT INTO job_probes (name, attempts, fail_attempts) VALUES ('outboxed-1', 0, 0)",
    )
    .await
    .expect("probe row");
    db.execute_unprepared(&format!(
        "INSERT INTO job_outbox (payload, created_at) VALUES \
         ('{{\"kind\":\"probe\",\"name\":\"outboxed-1\",\"fail_attempts\":0}}', {})",
        match Backend::from_env() {
            Backend::Sqlite => "'2026-01-01T00:00:00Z'",
            _ => "CURRENT_TIMESTAMP",
        }
    ))
    .await
    .expect("outbox row");

    let _restarted = ServerProcess::spawn_with(&database.url, &process_env(redis.as_ref(), true));
    assert_eq!(wait_for_success(&db, "durable-1").await, 1);
    assert_eq!(wait_for_success(&db, "outboxed-1").await, 1);
}

#[tokio::test]
async fn two_worker_processes_drain_a_thousand_jobs_each_exactly_once() {
    let database = TestDatabase::create().await;
    let redis = job_redis();
    let db = sea_orm::Database::connect(&database.url).await.expect("db");
    let mut command = tidings_command(&database.url);
    command.envs(process_env(redis.as_ref(), false));
    run(
        command,
        &["jobs", "probe", "--prefix", "bulk", "--count", "1000"],
    );

    let workers: Vec<KillOnDrop> = (0..2)
        .map(|_| {
            let mut command = tidings_command(&database.url);
            command
                .envs(process_env(redis.as_ref(), true))
                .arg("worker")
                .stdout(std::process::Stdio::null());
            KillOnDrop(command.spawn().expect("tidings worker starts"))
        })
        .collect();
    let backend = db.get_database_backend();
    let count = |sql: &'static str| {
        let db = &db;
        async move {
            let row = db
                .query_one_raw(Statement::from_string(backend, sql))
                .await
                .ok()??;
            row.try_get::<i64>("", "n").ok()
        }
    };
    eventually(180, "1,000 probes succeed", || async {
        let done =
            count("SELECT COUNT(*) AS n FROM job_probes WHERE succeeded_at IS NOT NULL").await?;
        (done == 1000).then_some(())
    })
    .await;
    // Let anything still in flight land before counting runs.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let totals = (
        count("SELECT COUNT(*) AS n FROM job_probes WHERE attempts = 1").await,
        count("SELECT COUNT(*) AS n FROM job_probes WHERE attempts <> 1").await,
    );
    drop(workers);
    assert_eq!(
        totals,
        (Some(1000), Some(0)),
        "every job ran once and only once"
    );
}

struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
