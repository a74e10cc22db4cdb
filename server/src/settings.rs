//! Typed settings from CLI flags and `DBCOST_`-prefixed environment variables.

use std::{net::SocketAddr, path::PathBuf};

use clap::Args;

/// Settings for serving the app (and for CLI commands that open the database).
#[derive(Clone, Debug, Args)]
pub struct Settings {
    /// Address to listen on. Only loopback by default: serving other machines must be asked for.
    #[arg(long, env = "DBCOST_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// The database and how prices are judged.
    #[command(flatten)]
    pub db: DbArgs,

    /// Largest request body accepted, in bytes (price-table uploads included).
    #[arg(long, env = "DBCOST_MAX_BODY_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_body_bytes: usize,

    /// Folder with the built site (`pkg/` with the WASM bundle, CSS and ECharts).
    #[arg(long, env = "DBCOST_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
}

/// Which database to open, shared by `serve` and the commands that work on the database.
#[derive(Clone, Debug, Args)]
pub struct DbArgs {
    /// Database URL: `sqlite://FILE` (the default, created if missing) or `postgres://...`.
    #[arg(
        long,
        env = "DBCOST_DATABASE_URL",
        default_value = "sqlite://dbcost.db"
    )]
    pub database_url: String,

    /// A price table older than this many days is stale: the UI and every estimate warn.
    /// Age counts from the table's publication date when it has one, else its effective date.
    #[arg(long, env = "DBCOST_STALE_AFTER_DAYS", default_value_t = pricing_data::DEFAULT_STALE_AFTER_DAYS)]
    pub stale_after_days: u32,

    /// Do not import the bundled price snapshots into an empty database.
    #[arg(long, env = "DBCOST_NO_BUNDLED_PRICES")]
    pub no_bundled_prices: bool,
}

impl DbArgs {
    /// Opens and migrates the database, importing the bundled snapshots into an empty one
    /// unless told not to.
    pub async fn open(&self) -> anyhow::Result<crate::db::Db> {
        let db = crate::db::Db::connect(&self.database_url).await?;
        if !self.no_bundled_prices {
            let today = crate::storage::price_tables::today();
            let imported = db.seed_bundled_price_tables(today).await?;
            if imported > 0 {
                tracing::info!(
                    imported,
                    "empty database: imported the bundled price snapshots"
                );
            }
        }
        Ok(db)
    }
}

impl Settings {
    /// Settings for tests and embedding: loopback on port 0, the given database and site.
    pub fn for_tests(database_url: String, site_root: PathBuf) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            db: DbArgs {
                database_url,
                stale_after_days: pricing_data::DEFAULT_STALE_AFTER_DAYS,
                no_bundled_prices: false,
            },
            site_root,
            max_body_bytes: 4 * 1024 * 1024,
        }
    }
}
