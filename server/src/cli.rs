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
    /// Size and price every option for a scenario (no server needed).
    Estimate {
        /// Scenario and prices.
        #[command(flatten)]
        pricing: PricingArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = EstimateFormat::Table)]
        format: EstimateFormat,
    },
    /// Monthly cost of every database option as traffic (or data) scales 0.1x to 100x.
    Sweep {
        /// Scenario and prices.
        #[command(flatten)]
        pricing: PricingArgs,
        /// What scales.
        #[arg(long, value_enum, default_value_t = SweepAxisArg::Traffic)]
        axis: SweepAxisArg,
        /// Number of log-spaced points.
        #[arg(long, default_value_t = 25, value_parser = clap::value_parser!(u32).range(2..=400))]
        points: u32,
        /// Output format.
        #[arg(long, value_enum, default_value_t = EstimateFormat::Table)]
        format: EstimateFormat,
    },
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

/// Where `estimate` and `sweep` take their prices from.
#[derive(Debug, clap::Args)]
pub struct PricingArgs {
    /// The scenario, a JSON file (`-` for standard input).
    #[arg(long)]
    pub scenario: std::path::PathBuf,
    /// A stored price-table version id (`pt-...`), or a price-table JSON file, used without
    /// opening any database. Default: the default table of `--region`.
    #[arg(long)]
    pub price_table: Option<String>,
    /// The region whose default table is used when `--price-table` is absent.
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
    /// The database (used unless `--price-table` names a file).
    #[command(flatten)]
    pub db: DbArgs,
}

/// Output formats of `estimate` and `sweep`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EstimateFormat {
    /// One row per option, sorted by monthly cost, with fit and warnings.
    Table,
    /// Exactly the JSON API's body.
    Json,
    /// One row per line item (estimate) or per point (sweep).
    Csv,
}

/// Output formats of the commands that print data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable tables.
    Table,
    /// Exactly the JSON API's bodies.
    Json,
}

/// What a sweep scales.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SweepAxisArg {
    /// Reads and writes per second.
    Traffic,
    /// Stored data.
    Data,
}

/// `dbcost prices ...`
#[derive(Debug, Subcommand)]
pub enum PricesCommand {
    /// Import a price-table JSON document as a new immutable version.
    Import {
        /// The JSON file (`-` for standard input).
        file: std::path::PathBuf,
    },
    /// Import AWS Price List offer files (AmazonRDS, AmazonDynamoDB, AmazonDAX,
    /// AmazonElastiCache; JSON or CSV, as downloaded from the Price List Bulk API) as one new
    /// version.
    ImportAws {
        /// The offer files, all for one region.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// The region to import (default: the region of the first regional product).
        #[arg(long)]
        region: Option<String>,
        /// The table's name.
        #[arg(long)]
        name: Option<String>,
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
