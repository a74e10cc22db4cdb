//! The `dbcost` binary: parses the command line and runs the server or a CLI command.

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use server::{
    AppState,
    cli::{Cli, Command},
};
use tracing_subscriber::EnvFilter;

/// mimalloc instead of the system allocator: an estimate allocates and frees thousands of
/// small strings (its explanations), and glibc's malloc and free were about a sixth of the
/// server's CPU with a new scenario every request (issue #8; see BENCHMARKS.md, "API under
/// load").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("DBCOST_LOG").unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Serve(settings)) => serve(settings).await.map(|()| ExitCode::SUCCESS),
        None => serve(cli.serve).await.map(|()| ExitCode::SUCCESS),
        Some(Command::Estimate { pricing, format }) => {
            server::commands::estimate::estimate(&pricing, format)
                .await
                .map(ExitCode::from)
        }
        Some(Command::Sweep {
            pricing,
            axis,
            points,
            format,
        }) => server::commands::estimate::sweep(&pricing, axis, points, format)
            .await
            .map(ExitCode::from),
        Some(Command::Prices {
            db,
            format,
            command,
        }) => server::commands::prices::run(&db, format, command)
            .await
            .map(ExitCode::from),
    }
}

async fn serve(settings: server::Settings) -> anyhow::Result<()> {
    let addr = settings.addr;
    tracing::info!(database = %server::db::describe(&settings.db.database_url), "opening database");
    let state = AppState::new(settings).await.context("starting dbcost")?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr} (set --addr or DBCOST_ADDR to use another)"))?;
    let local = listener.local_addr().context("reading the bound address")?;
    tracing::info!("dbcost is serving at http://{}", display_addr(local));
    server::serve(listener, state, server::shutdown_signal()).await
}

/// `127.0.0.1:3000` is shown as `localhost:3000`, the name users type.
fn display_addr(addr: std::net::SocketAddr) -> String {
    if addr.ip().is_loopback() {
        format!("localhost:{}", addr.port())
    } else {
        addr.to_string()
    }
}
