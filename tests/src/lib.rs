//! Helpers for dbcost's end-to-end tests: a fresh database per test (SQLite, or PostgreSQL
//! when `TEST_DATABASE_URL` is set), the app on port 0, and headless Chromium through
//! chromedriver.
//!
//! The tests themselves live in `tests/e2e/`, one module per area, in one test binary.

pub mod browser;
pub mod slow;

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
};

use anyhow::Context;
use server::{AppState, Settings};
use sqlx::{AssertSqlSafe, Connection};
use tokio::sync::oneshot;

/// Which database a test runs against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a fresh temporary folder.
    Sqlite,
    /// A fresh database on the PostgreSQL server named by `TEST_DATABASE_URL`.
    Postgres,
}

/// A fresh, empty database for one test; a PostgreSQL one is dropped when this is dropped.
pub struct TestDatabase {
    /// The URL the app should open.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    drop_pg: Option<(String, String)>,
}

impl TestDatabase {
    /// A fresh database on `backend`, or `None` (with a note on stderr) for PostgreSQL when
    /// `TEST_DATABASE_URL` is not set. `cargo xtask test` says plainly when that happens.
    pub async fn new(backend: Backend) -> anyhow::Result<Option<Self>> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().context("creating a temporary folder")?;
                let url = format!("sqlite://{}", dir.path().join("dbcost.db").display());
                Ok(Some(Self {
                    url,
                    _dir: Some(dir),
                    drop_pg: None,
                }))
            }
            Backend::Postgres => {
                let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
                    eprintln!("PostgreSQL test NOT RUN: TEST_DATABASE_URL is not set");
                    return Ok(None);
                };
                let name = format!("dbcost_t_{}", random_suffix());
                let mut admin = sqlx::PgConnection::connect(&admin_url)
                    .await
                    .with_context(|| format!("connecting to TEST_DATABASE_URL {admin_url}"))?;
                sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut admin)
                    .await
                    .context("creating a test database")?;
                let url = replace_database(&admin_url, &name)?;
                Ok(Some(Self {
                    url,
                    _dir: None,
                    drop_pg: Some((admin_url, name)),
                }))
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.drop_pg.take() {
            // Best effort, on a thread of its own: Drop cannot be async.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                if let Ok(runtime) = runtime {
                    runtime.block_on(async {
                        if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                            let _ = sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut admin).await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

fn replace_database(url: &str, name: &str) -> anyhow::Result<String> {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base
        .find("://")
        .context("TEST_DATABASE_URL has no scheme")?
        + 3;
    let path_start = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    Ok(out)
}

fn random_suffix() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    hasher.write_u128(now.map_or(0, |d| d.as_nanos()));
    hasher.write_u32(std::process::id());
    format!("{:016x}", hasher.finish())
}

/// The app running on a real socket on port 0.
pub struct TestApp {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The state it was built from (same pool), for assertions on storage.
    pub state: AppState,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _db: TestDatabase,
}

impl TestApp {
    /// Starts the app on `db`, serving the site at `site_root`.
    pub async fn spawn(db: TestDatabase, site_root: &Path) -> anyhow::Result<Self> {
        Self::spawn_with(db, site_root, |_| {}).await
    }

    /// The app on a fresh SQLite database serving the built site: what every browser test
    /// starts from.
    pub async fn spawn_with_site() -> anyhow::Result<Self> {
        let site = built_site_root()?;
        let db = TestDatabase::new(Backend::Sqlite)
            .await?
            .context("SQLite always runs")?;
        Self::spawn(db, &site).await
    }

    /// Like [`TestApp::spawn`], with settings changed by `edit` first.
    pub async fn spawn_with(
        db: TestDatabase,
        site_root: &Path,
        edit: impl FnOnce(&mut Settings),
    ) -> anyhow::Result<Self> {
        let mut settings = Settings::for_tests(db.url.clone(), site_root.to_path_buf());
        edit(&mut settings);
        let state = AppState::new(settings).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (tx, rx) = oneshot::channel::<()>();
        let server = tokio::spawn(server::serve(listener, state.clone(), async {
            let _ = rx.await;
        }));
        Ok(Self {
            addr,
            base_url: format!("http://{addr}"),
            state,
            shutdown: Some(tx),
            server: Some(server),
            _db: db,
        })
    }

    /// Asks the server to stop and waits for it.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await??;
        }
        Ok(())
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// The app's state over `db` (migrations run), without a socket.
pub async fn app_state(db: &TestDatabase, site_root: &Path) -> anyhow::Result<AppState> {
    AppState::new(Settings::for_tests(db.url.clone(), site_root.to_path_buf())).await
}

/// The built site (`cargo xtask test` builds it and sets `DBCOST_TEST_SITE_ROOT`). Browser
/// tests need it; they fail with this message rather than skip.
pub fn built_site_root() -> anyhow::Result<PathBuf> {
    let root = std::env::var_os("DBCOST_TEST_SITE_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site"));
    let wasm = root.join("pkg/dbcost.wasm");
    anyhow::ensure!(
        wasm.is_file(),
        "the browser bundle {} is missing: run the tests with `cargo xtask test`, which builds it",
        wasm.display()
    );
    Ok(root)
}

/// A folder for screenshots and other artefacts tests leave for people to look at.
pub fn artefacts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_database_keeps_host_and_query() {
        assert_eq!(
            replace_database("postgres://postgres@127.0.0.1:5432/test", "x").unwrap(),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            replace_database("postgres://u:p@h/test?sslmode=disable", "y").unwrap(),
            "postgres://u:p@h/y?sslmode=disable"
        );
        assert_eq!(
            replace_database("postgres://h", "z").unwrap(),
            "postgres://h/z"
        );
    }
}
