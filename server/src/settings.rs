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

    /// Largest AWS offer file accepted by `POST /api/v1/price-tables/import-aws`, in bytes.
    /// The file is streamed, never held in memory.
    #[arg(long, env = "DBCOST_MAX_IMPORT_BYTES", default_value_t = 2 * 1024 * 1024 * 1024)]
    pub max_import_bytes: usize,

    /// Host names this server answers to (any port); others get 403, which stops DNS
    /// rebinding. Comma-separated; `*` allows any (only behind a proxy that checks Host).
    #[arg(
        long,
        env = "DBCOST_ALLOWED_HOSTS",
        value_delimiter = ',',
        default_value = "localhost,127.0.0.1,::1"
    )]
    pub allowed_hosts: Vec<String>,

    /// Reverse proxies whose `X-Forwarded-For` is believed (for the write rate limit).
    /// Comma-separated IP addresses; none by default.
    #[arg(long, env = "DBCOST_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Writes (saved scenarios, price-table imports) a client may make per minute; 0 turns
    /// the limit off.
    #[arg(long, env = "DBCOST_WRITE_RATE_PER_MINUTE", default_value_t = 60)]
    pub write_rate_per_minute: u32,

    /// Writes a client may make in a burst before the per-minute rate applies.
    #[arg(long, env = "DBCOST_WRITE_BURST", default_value_t = 20)]
    pub write_burst: u32,

    /// Seconds a request may take before it is answered 408.
    #[arg(long, env = "DBCOST_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,

    /// Seconds a client has to send a request's headers before the connection is closed.
    #[arg(long, env = "DBCOST_HEADER_READ_TIMEOUT_SECS", default_value_t = 10)]
    pub header_read_timeout_secs: u64,

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
            max_import_bytes: 64 * 1024 * 1024,
            allowed_hosts: ["localhost", "127.0.0.1", "::1"].map(String::from).to_vec(),
            trusted_proxies: Vec::new(),
            write_rate_per_minute: 600,
            write_burst: 100,
            request_timeout_secs: 30,
            header_read_timeout_secs: 10,
        }
    }
}
