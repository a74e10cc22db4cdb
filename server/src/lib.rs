//! The dbcost server: HTTP API, storage, the Leptos app (SSR + hydration) and the CLI.
//!
//! [`router`] builds the whole application from an [`AppState`], so tests drive it with
//! `tower::ServiceExt::oneshot` and no socket; [`serve`] runs it on a listener with graceful
//! shutdown.

pub mod cli;
pub mod commands;
pub mod db;
pub mod error;
pub mod extract;
pub mod openapi;
pub mod pricing;
pub mod routes;
pub mod settings;
pub mod storage;

use std::{path::PathBuf, sync::Arc, time::Duration};

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use tokio::net::TcpListener;

pub use routes::router;
pub use settings::{DbArgs, Settings};

/// What every request handler can reach: the database pool and the Leptos options.
#[derive(Clone)]
pub struct AppState {
    /// The one database pool, created at startup.
    pub db: db::Db,
    /// Where the built site lives and how the app's bundle is named.
    pub leptos: LeptosOptions,
    /// Settings the handlers need at run time.
    pub settings: Arc<Settings>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl AppState {
    /// Connects to the database, runs migrations, and prepares the app's options.
    pub async fn new(settings: Settings) -> anyhow::Result<Self> {
        let db = settings.db.open().await?;
        let leptos = leptos_options(&settings.site_root);
        Ok(Self {
            db,
            leptos,
            settings: Arc::new(settings),
        })
    }
}

/// Leptos options for a site built by `cargo xtask` into `site_root` (`pkg/` below it).
pub fn leptos_options(site_root: &std::path::Path) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("dbcost")
        .site_root(site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .build()
}

/// The site root `cargo xtask` builds into, relative to the workspace root.
pub fn default_site_root() -> PathBuf {
    PathBuf::from("target/site")
}

/// How long in-flight requests get to finish after a shutdown signal.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);

/// Serves the app on `listener` until `shutdown` resolves; then lets in-flight requests
/// finish for at most [`SHUTDOWN_GRACE`].
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let app = router(state);
    let (started_tx, started_rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown.await;
        let _ = started_tx.send(());
    });
    let server = tokio::spawn(async move { server.await });
    tokio::select! {
        result = server => result??,
        () = async {
            let _ = started_rx.await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => tracing::warn!("in-flight requests did not finish within {SHUTDOWN_GRACE:?}; exiting"),
    }
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "could not listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
