//! The `dbcost` command line: `dbcost serve` (the default) and, as features arrive, commands
//! that work on the database directly.

use clap::{Parser, Subcommand};

use crate::settings::Settings;

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
}
