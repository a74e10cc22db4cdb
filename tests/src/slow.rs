//! A forwarding HTTP proxy in front of a [`crate::TestApp`] that holds back the answer for
//! one path, so a browser test can make one resource arrive late (ECharts after the WASM, say)
//! without the app knowing it is under test.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderName, StatusCode, header},
    response::{IntoResponse, Response},
};
use tokio::sync::oneshot;

/// The proxy on a port of its own; it stops when dropped.
pub struct SlowProxy {
    /// `http://127.0.0.1:PORT`: open the app through this.
    pub base_url: String,
    shutdown: Option<oneshot::Sender<()>>,
}

struct Forward {
    upstream: String,
    slow_path: String,
    delay: Duration,
    http: reqwest::Client,
}

/// Headers that belong to one connection, not to the message, and are not forwarded.
const HOP_BY_HOP: [HeaderName; 4] = [
    header::CONNECTION,
    header::TRANSFER_ENCODING,
    header::CONTENT_LENGTH,
    header::HOST,
];

impl SlowProxy {
    /// Forwards every request to `upstream` (`http://host:port`) and answers requests for
    /// `slow_path` only `delay` after the upstream did.
    pub async fn start(upstream: &str, slow_path: &str, delay: Duration) -> anyhow::Result<Self> {
        let forward = Arc::new(Forward {
            upstream: upstream.trim_end_matches('/').to_owned(),
            slow_path: slow_path.to_owned(),
            delay,
            // Redirects go back to the browser, as they would without the proxy.
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr: SocketAddr = listener.local_addr()?;
        let router = axum::Router::new().fallback(proxy).with_state(forward);
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(Self {
            base_url: format!("http://{addr}"),
            shutdown: Some(tx),
        })
    }
}

impl Drop for SlowProxy {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

async fn proxy(State(forward): State<Arc<Forward>>, request: Request) -> Response {
    match forward_request(&forward, request).await {
        Ok(response) => response,
        Err(error) => (StatusCode::BAD_GATEWAY, format!("{error:#}")).into_response(),
    }
}

async fn forward_request(forward: &Forward, request: Request) -> anyhow::Result<Response> {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let target = match parts.uri.path_and_query() {
        Some(pq) => format!("{}{}", forward.upstream, pq.as_str()),
        None => forward.upstream.clone(),
    };
    let body = axum::body::to_bytes(body, usize::MAX).await?;
    let mut outgoing = forward.http.request(parts.method, &target).body(body);
    for (name, value) in &parts.headers {
        if !HOP_BY_HOP.contains(name) {
            outgoing = outgoing.header(name, value);
        }
    }
    let answer = outgoing
        .send()
        .await
        .with_context(|| format!("forwarding {target}"))?;
    let status = answer.status();
    let headers = answer.headers().clone();
    let bytes = answer.bytes().await?;
    if path == forward.slow_path {
        tokio::time::sleep(forward.delay).await;
    }
    let mut response = Response::builder().status(status);
    for (name, value) in &headers {
        if !HOP_BY_HOP.contains(name) {
            response = response.header(name, value);
        }
    }
    Ok(response.body(Body::from(bytes))?)
}
