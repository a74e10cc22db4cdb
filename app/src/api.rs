//! The UI's one way to reach data: the JSON API (`/api/v1/...`), the same one scripts use.
//!
//! In the browser (feature `hydrate`) a call is an HTTP request to the server that served the
//! page. On the server (feature `ssr`) the same call goes through the API router in process,
//! via the [`ApiClient`] the server provides as context, so a page rendered on the server
//! already holds its data (and resources hand it to the hydrated page without a second
//! request).

use serde::{Deserialize, Serialize, de::DeserializeOwned};

/// An API error as the UI shows it: the server's `{ "error": { code, message, field } }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// HTTP status (0 when the request never got an answer).
    pub status: u16,
    /// Machine-readable code, e.g. `invalid_scenario`.
    pub code: String,
    /// What went wrong, for people.
    pub message: String,
    /// The offending field's path, when there is one.
    pub field: Option<String>,
    /// Every field error, when there are several (price-table uploads).
    #[serde(default)]
    pub details: Vec<serde_json::Value>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ErrorFields,
}

#[derive(Deserialize)]
struct ErrorFields {
    code: String,
    message: String,
    field: Option<String>,
    #[serde(default)]
    details: Vec<serde_json::Value>,
}

impl ApiError {
    /// An answer the UI could not use (not the server's error).
    pub fn client(message: impl Into<String>) -> Self {
        Self {
            status: 0,
            code: "client".into(),
            message: message.into(),
            field: None,
            details: Vec::new(),
        }
    }

    fn network(message: impl Into<String>) -> Self {
        Self {
            status: 0,
            code: "network".into(),
            message: message.into(),
            field: None,
            details: Vec::new(),
        }
    }

    /// Builds the error from a non-2xx response body.
    fn from_body(status: u16, body: &str) -> Self {
        match serde_json::from_str::<ErrorEnvelope>(body) {
            Ok(envelope) => Self {
                status,
                code: envelope.error.code,
                message: envelope.error.message,
                field: envelope.error.field,
                details: envelope.error.details,
            },
            Err(_) => Self {
                status,
                code: "http".into(),
                message: format!("The server answered {status}."),
                field: None,
                details: Vec::new(),
            },
        }
    }
}

/// `GET path`, parsed as `T`.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let (status, body) = send("GET", path, None).await?;
    parse(status, &body)
}

/// `POST path` with a JSON body, parsed as `T`.
pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let json = serde_json::to_string(body).map_err(|e| ApiError::network(e.to_string()))?;
    let (status, text) = send("POST", path, Some(json)).await?;
    parse(status, &text)
}

/// `POST path` with a raw JSON text body (uploads), parsed as `T`.
pub async fn post_text<T: DeserializeOwned>(path: &str, body: String) -> Result<T, ApiError> {
    let (status, text) = send("POST", path, Some(body)).await?;
    parse(status, &text)
}

fn parse<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        serde_json::from_str(body)
            .map_err(|e| ApiError::network(format!("The server's answer was not understood: {e}")))
    } else {
        Err(ApiError::from_body(status, body))
    }
}

/// In the browser the request is a JS promise, which is not `Send`; the page runs on one
/// thread, so wrapping it lets resources (which require `Send` futures) await it.
#[cfg(feature = "hydrate")]
async fn send(method: &str, path: &str, body: Option<String>) -> Result<(u16, String), ApiError> {
    let (method, path) = (method.to_owned(), path.to_owned());
    send_wrapper::SendWrapper::new(Box::pin(browser_send(method, path, body))).await
}

#[cfg(feature = "hydrate")]
async fn browser_send(
    method: String,
    path: String,
    body: Option<String>,
) -> Result<(u16, String), ApiError> {
    use gloo_net::http::RequestBuilder;
    let method = method.as_str();
    let path = path.as_str();
    let builder = RequestBuilder::new(path).method(match method {
        "POST" => gloo_net::http::Method::POST,
        _ => gloo_net::http::Method::GET,
    });
    let request = match body {
        Some(body) => builder
            .header("content-type", "application/json")
            .body(body)
            .map_err(|e| ApiError::network(e.to_string()))?,
        None => builder
            .build()
            .map_err(|e| ApiError::network(e.to_string()))?,
    };
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::network(format!("The server could not be reached: {e}")))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::network(e.to_string()))?;
    Ok((status, text))
}

#[cfg(feature = "ssr")]
pub use ssr::ApiClient;

#[cfg(feature = "ssr")]
mod ssr {
    use std::{future::Future, pin::Pin, sync::Arc};

    /// A future the server's API router returns.
    pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

    /// `(method, path, body) -> (status, body)`.
    pub type CallApi = dyn Fn(&str, &str, Option<String>) -> BoxFuture<(u16, String)> + Send + Sync;

    /// The server's API, called in process.
    #[derive(Clone)]
    pub struct ApiClient(pub Arc<CallApi>);
}

#[cfg(feature = "ssr")]
async fn send(method: &str, path: &str, body: Option<String>) -> Result<(u16, String), ApiError> {
    let client = leptos::prelude::use_context::<ApiClient>()
        .ok_or_else(|| ApiError::network("no API client in context (server misconfigured)"))?;
    Ok((client.0)(method, path, body).await)
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
async fn send(
    _method: &str,
    _path: &str,
    _body: Option<String>,
) -> Result<(u16, String), ApiError> {
    Err(ApiError::network(
        "built without ssr or hydrate: no way to reach the API",
    ))
}
