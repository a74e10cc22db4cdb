//! `GET /healthz`: liveness and database reachability.

use axum::{Json, extract::State, http::StatusCode};
use serde::Serialize;

use crate::AppState;

/// The health report.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Health {
    /// `ok` when the database answers, else `degraded`.
    pub status: &'static str,
    /// The server's version.
    pub version: &'static str,
    /// Whether a trivial query against the database succeeded.
    pub database: DatabaseHealth,
}

/// The database part of the health report.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct DatabaseHealth {
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// Whether it answered.
    pub reachable: bool,
}

/// 200 with the report when the database answers, 503 with it when not.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let reachable = state.db.is_reachable().await;
    let backend = match state.db.backend {
        crate::db::Backend::Sqlite => "sqlite",
        crate::db::Backend::Postgres => "postgres",
    };
    let status = if reachable {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(Health {
            status: if reachable { "ok" } else { "degraded" },
            version: env!("CARGO_PKG_VERSION"),
            database: DatabaseHealth { backend, reachable },
        }),
    )
}
