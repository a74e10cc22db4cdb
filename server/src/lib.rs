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
pub mod json;
pub mod openapi;
pub mod pricing;
pub mod routes;
pub mod security;
pub mod settings;
pub mod storage;

use std::{path::PathBuf, sync::Arc, time::Duration};

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use tokio::net::TcpListener;

pub use routes::router;
pub use settings::{DbArgs, Settings};

/// What every request handler can reach: the database pool and the Leptos options. Cloned
/// several times for every request (each middleware layer and the `State` extractor take a
/// copy), so it is one `Arc`: a clone is one reference count, not one per field (issue #8).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The fields of [`AppState`], reached through it (`state.db`).
pub struct Shared {
    /// The one database pool, created at startup.
    pub db: db::Db,
    /// Where the built site lives and how the app's bundle is named.
    pub leptos: LeptosOptions,
    /// Settings the handlers need at run time.
    pub settings: Arc<Settings>,
    /// The write rate limit's buckets.
    pub rate_limiter: security::RateLimiter,
    /// Estimate and sweep answers already computed today.
    pub answers: pricing::AnswerCache,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
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
        let rate_limiter =
            security::RateLimiter::new(settings.write_rate_per_minute, settings.write_burst);
        Ok(Self(Arc::new(Shared {
            db,
            leptos,
            settings: Arc::new(settings),
            rate_limiter,
            answers: pricing::AnswerCache::new(),
        })))
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

/// Serves the app on `listener` until `shutdown` resolves; then stops accepting, lets
/// in-flight requests finish for at most [`SHUTDOWN_GRACE`], and returns.
///
/// Each connection gets the peer address (for the write rate limit) and a header-read
/// timeout, so a client that trickles its headers cannot hold a connection open.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    use hyper_util::{
        rt::{TokioExecutor, TokioIo, TokioTimer},
        server::{conn::auto::Builder, graceful::GracefulShutdown},
        service::TowerToHyperService,
    };
    use tower::ServiceExt as _;

    let header_timeout = Duration::from_secs(state.settings.header_read_timeout_secs.max(1));
    let app = router(state);
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    builder.http2().timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let service = tower::service_fn(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                app.clone().oneshot(request)
            },
        );
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service))
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("in-flight requests did not finish within {SHUTDOWN_GRACE:?}; exiting");
        }
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
