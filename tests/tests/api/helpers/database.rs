//! The database of one test: created on the chosen backend, dropped after it.

use sea_orm::{ConnectionTrait, Database};

/// Which SQL backend this run uses, from `TIDINGS_TEST_DATABASE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    MySql,
}

impl Backend {
    pub fn from_env() -> Backend {
        match std::env::var("TIDINGS_TEST_DATABASE").as_deref() {
            Ok("postgres") => Backend::Postgres,
            Ok("mysql") | Ok("mariadb") => Backend::MySql,
            _ => Backend::Sqlite,
        }
    }

    fn admin_url(self) -> String {
        match self {
            Backend::Postgres => std::env::var("TIDINGS_TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres:postgres@127.0.0.1:5432/postgres".into()),
            Backend::MySql => std::env::var("TIDINGS_TEST_MYSQL_URL")
                .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into()),
            Backend::Sqlite => String::new(),
        }
    }
}

/// A database created for one test and dropped after it.
pub struct TestDatabase {
    backend: Backend,
    name: String,
    pub url: String,
}

impl TestDatabase {
    pub async fn create() -> TestDatabase {
        let backend = Backend::from_env();
        let name = format!("tidings_test_{}", uuid::Uuid::new_v4().simple());
        let url = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join("tidings-tests");
                std::fs::create_dir_all(&dir).expect("temp dir");
                format!(
                    "sqlite://{}?mode=rwc",
                    dir.join(format!("{name}.db")).display()
                )
            }
            Backend::Postgres | Backend::MySql => {
                let admin_url = backend.admin_url();
                let admin = Database::connect(&admin_url).await.unwrap_or_else(|error| {
                    panic!("cannot reach the {backend:?} test server at {admin_url}: {error}")
                });
                let create = match backend {
                    Backend::MySql => format!(
                        "CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
                    ),
                    _ => format!("CREATE DATABASE {name}"),
                };
                admin
                    .execute_unprepared(&create)
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(base, _)| base)
                    .unwrap_or(&admin_url);
                format!("{base}/{name}")
            }
        };
        TestDatabase { backend, name, url }
    }

    fn drop_blocking(&self) {
        let backend = self.backend;
        let name = self.name.clone();
        let url = self.url.clone();
        // Drop runs outside any runtime we may block on; do the async clean-up on a thread.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async move {
                match backend {
                    Backend::Sqlite => {
                        let path = url
                            .trim_start_matches("sqlite://")
                            .trim_end_matches("?mode=rwc")
                            .to_string();
                        for suffix in ["", "-wal", "-shm"] {
                            let _ = std::fs::remove_file(format!("{path}{suffix}"));
                        }
                    }
                    Backend::Postgres | Backend::MySql => {
                        if let Ok(admin) = Database::connect(backend.admin_url()).await {
                            let sql = match backend {
                                Backend::Postgres => {
                                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                                }
                                _ => format!("DROP DATABASE IF EXISTS {name}"),
                            };
                            let _ = admin.execute_unprepared(&sql).await;
                            let _ = admin.close().await;
                        }
                    }
                }
            });
        })
        .join();
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        self.drop_blocking();
    }
}
