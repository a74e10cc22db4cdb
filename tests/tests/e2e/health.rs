//! `GET /healthz`, through `router()` without a socket and through a real socket, on each
//! database backend.

use axum::{body::Body, http::Request};
use http_body_util::BodyExt;
use serde_json::Value;
use tests::{Backend, TestApp, TestDatabase, app_state};
use tower::ServiceExt;

async fn healthz_oneshot(backend: Backend) -> anyhow::Result<()> {
    let Some(db) = TestDatabase::new(backend).await? else {
        return Ok(());
    };
    let site = tempfile::tempdir()?;
    let state = app_state(&db, site.path()).await?;
    let response = server::router(state)
        .oneshot(Request::get("/healthz").body(Body::empty())?)
        .await?;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = serde_json::from_slice(&response.into_body().collect().await?.to_bytes())?;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["database"]["reachable"], true);
    let expected = if backend == Backend::Sqlite {
        "sqlite"
    } else {
        "postgres"
    };
    assert_eq!(body["database"]["backend"], expected);
    Ok(())
}

async fn healthz_socket(backend: Backend) -> anyhow::Result<()> {
    let Some(db) = TestDatabase::new(backend).await? else {
        return Ok(());
    };
    let site = tempfile::tempdir()?;
    let app = TestApp::spawn(db, site.path()).await?;
    let response = reqwest::get(format!("{}/healthz", app.base_url)).await?;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await?;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"]["reachable"], true);
    app.stop().await
}

async fn healthz_degrades_when_the_database_is_gone(backend: Backend) -> anyhow::Result<()> {
    let Some(db) = TestDatabase::new(backend).await? else {
        return Ok(());
    };
    let site = tempfile::tempdir()?;
    let state = app_state(&db, site.path()).await?;
    state.db.pool.close().await;
    let response = server::router(state)
        .oneshot(Request::get("/healthz").body(Body::empty())?)
        .await?;
    assert_eq!(response.status(), 503);
    let body: Value = serde_json::from_slice(&response.into_body().collect().await?.to_bytes())?;
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["database"]["reachable"], false);
    Ok(())
}

#[tokio::test]
async fn healthz_oneshot_sqlite() -> anyhow::Result<()> {
    healthz_oneshot(Backend::Sqlite).await
}

#[tokio::test]
async fn healthz_oneshot_postgres() -> anyhow::Result<()> {
    healthz_oneshot(Backend::Postgres).await
}

#[tokio::test]
async fn healthz_socket_sqlite() -> anyhow::Result<()> {
    healthz_socket(Backend::Sqlite).await
}

#[tokio::test]
async fn healthz_socket_postgres() -> anyhow::Result<()> {
    healthz_socket(Backend::Postgres).await
}

#[tokio::test]
async fn healthz_degraded_sqlite() -> anyhow::Result<()> {
    healthz_degrades_when_the_database_is_gone(Backend::Sqlite).await
}

#[tokio::test]
async fn healthz_degraded_postgres() -> anyhow::Result<()> {
    healthz_degrades_when_the_database_is_gone(Backend::Postgres).await
}

#[tokio::test]
async fn unknown_api_routes_answer_json_404() -> anyhow::Result<()> {
    let db = TestDatabase::new(Backend::Sqlite)
        .await?
        .expect("sqlite always runs");
    let site = tempfile::tempdir()?;
    let state = app_state(&db, site.path()).await?;
    let response = server::router(state)
        .oneshot(Request::get("/api/v1/nope").body(Body::empty())?)
        .await?;
    assert_eq!(response.status(), 404);
    let body: Value = serde_json::from_slice(&response.into_body().collect().await?.to_bytes())?;
    assert_eq!(body["error"]["code"], "not_found");
    Ok(())
}
