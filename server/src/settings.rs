//! Typed settings from CLI flags and `DBCOST_`-prefixed environment variables.

use std::{net::SocketAddr, path::PathBuf};

use clap::Args;

/// Settings for serving the app (and for CLI commands that open the database).
#[derive(Clone, Debug, Args)]
pub struct Settings {
    /// Address to listen on. Only loopback by default: serving other machines must be asked for.
    #[arg(long, env = "DBCOST_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Database URL: `sqlite://FILE` (the default, created if missing) or `postgres://...`.
    #[arg(
        long,
        env = "DBCOST_DATABASE_URL",
        default_value = "sqlite://dbcost.db"
    )]
    pub database_url: String,

    /// Folder with the built site (`pkg/` with the WASM bundle, CSS and ECharts).
    #[arg(long, env = "DBCOST_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
}

impl Settings {
    /// Settings for tests and embedding: loopback on port 0, the given database and site.
    pub fn for_tests(database_url: String, site_root: PathBuf) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url,
            site_root,
        }
    }
}
