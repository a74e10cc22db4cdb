//! The `dbcost` command line: `dbcost serve` (the default) and, as features arrive, commands
//! that work on the database directly.

use clap::{Parser, Subcommand};

use crate::settings::{DbArgs, Settings};

/// dbcost: size and price AWS databases from a workload.
#[derive(Debug, Parser)]
#[command(name = "dbcost", version, about)]
pub struct Cli {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Settings used when no subcommand is given (same as `dbcost serve`).
    #[command(flatten)]
    pub serve: Settings,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app and the JSON API.
    Serve(Settings),
    /// Price tables: import, list, show, diff, export, set the region default.
    Prices {
        /// The database to work on.
        #[command(flatten)]
        db: DbArgs,
        /// `table` for people, `json` for scripts.
        #[arg(long, value_enum, default_value_t = Format::Table, global = true)]
        format: Format,
        /// What to do.
        #[command(subcommand)]
        command: PricesCommand,
    },
}

/// Output formats of the commands that print data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable tables.
    Table,
    /// Exactly the JSON API's bodies.
    Json,
}

/// `dbcost prices ...`
#[derive(Debug, Subcommand)]
pub enum PricesCommand {
    /// Import a price-table JSON document as a new immutable version.
    Import {
        /// The JSON file (`-` for standard input).
        file: std::path::PathBuf,
    },
    /// List every stored version with its age and staleness.
    List,
    /// Show one version and its prices.
    Show {
        /// The version id (`pt-...`).
        id: String,
    },
    /// Every price added, removed or changed from version A to version B.
    Diff {
        /// The older version.
        a: String,
        /// The newer version.
        b: String,
    },
    /// Print a version's canonical JSON document (re-importable).
    Export {
        /// The version id.
        id: String,
    },
    /// Make a version the default for its region.
    SetDefault {
        /// The version id.
        id: String,
    },
}
