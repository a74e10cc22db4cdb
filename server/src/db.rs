//! Storage: one sqlx pool over SQLite (the default) or PostgreSQL, chosen by the URL.
//!
//! The same queries run on both through sqlx's `Any` driver, written with `$1` placeholders
//! and portable SQL. Migrations are embedded in the binary and run at startup; a failure
//! aborts startup.

use std::{str::FromStr, sync::Once};

use anyhow::Context;
use sqlx::{
    AnyPool, Executor,
    any::{AnyConnectOptions, AnyPoolOptions},
};

/// Which database server is behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server shared by several replicas.
    Postgres,
}

/// The database: one pool, created once at startup.
#[derive(Clone, Debug)]
pub struct Db {
    /// The pool every query goes through.
    pub pool: AnyPool,
    /// The backend the URL named.
    pub backend: Backend,
    /// Parsed price-table versions (immutable, so safe to keep).
    pub table_cache: crate::storage::price_tables::TableCache,
    /// Each region's default version, as last read.
    pub default_cache: crate::storage::price_tables::DefaultCache,
}

static DRIVERS: Once = Once::new();

impl Db {
    /// Opens (creating a SQLite file if needed) and migrates the database at `url`.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        DRIVERS.call_once(sqlx::any::install_default_drivers);
        let backend = backend_of(url)?;
        let url = match backend {
            Backend::Sqlite => sqlite_url_creating_file(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)
            .with_context(|| format!("parsing database URL {}", describe(&url)))?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside a writer; busy_timeout waits for a lock
                        // instead of failing; foreign keys are off by default in SQLite.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .with_context(|| format!("connecting to {}", describe(&url)))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .with_context(|| format!("running migrations on {}", describe(&url)))?;
        Ok(Self {
            pool,
            backend,
            table_cache: Default::default(),
            default_cache: Default::default(),
        })
    }

    /// True when a trivial query answers.
    pub async fn is_reachable(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// The backend a database URL names.
pub fn backend_of(url: &str) -> anyhow::Result<Backend> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        anyhow::bail!(
            "database URL {} is neither sqlite://FILE nor postgres://...",
            describe(url)
        )
    }
}

/// Adds `mode=rwc` so SQLite creates the file, and creates its folder.
fn sqlite_url_creating_file(url: &str) -> anyhow::Result<String> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let parent = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent.filter(|_| path != ":memory:") {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating the folder {}", parent.display()))?;
    }
    let query = if query.split('&').any(|kv| kv.starts_with("mode=")) {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// A database URL safe to log: any password is replaced by `***`.
pub fn describe(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _password)) => {
                    format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..])
                }
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_hides_passwords_only() {
        for (url, shown) in [
            (
                "postgres://dbcost:s3cret@db:5432/dbcost",
                "postgres://dbcost:***@db:5432/dbcost",
            ),
            (
                "postgres://postgres@127.0.0.1/test",
                "postgres://postgres@127.0.0.1/test",
            ),
            ("sqlite://dbcost.db", "sqlite://dbcost.db"),
        ] {
            assert_eq!(describe(url), shown);
        }
    }

    #[test]
    fn sqlite_urls_get_create_mode() {
        assert_eq!(
            sqlite_url_creating_file("sqlite://x.db").unwrap(),
            "sqlite://x.db?mode=rwc"
        );
        assert_eq!(
            sqlite_url_creating_file("sqlite://x.db?mode=ro").unwrap(),
            "sqlite://x.db?mode=ro"
        );
    }

    #[test]
    fn unknown_schemes_are_refused() {
        assert!(backend_of("mysql://localhost/x").is_err());
        assert_eq!(backend_of("postgresql://h/db").unwrap(), Backend::Postgres);
    }
}
