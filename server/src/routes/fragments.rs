//! What the calculator page fetches besides the JSON API: its results as server-rendered HTML
//! (`GET /fragments/results`) and the estimate as a file (`GET /export/estimate.csv`,
//! `GET /export/estimate.json`). All take the address's own query, `s` (a share payload) and
//! `pt` (a price-table id), and price through the JSON API in process, exactly as the page's
//! first response does, so a fragment, an export and a reload of the same address agree.
//!
//! They are GET routes and change nothing; errors are the API's JSON errors.

use std::future::Future;

use app::api::{ApiClient, ApiError};
use app::model::Priced;
use app::pages::results;
use axum::{
    Extension, Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use leptos::prelude::{Owner, provide_context};
use leptos::reactive::computed::ScopedFuture;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::error_response;
use crate::extract::QueryParams;

/// The address's query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// The scenario as a share payload (`1.<base64url>`); the default scenario without it.
    s: Option<String>,
    /// The price table's id; the region's default without it.
    pt: Option<String>,
}

impl PageQuery {
    /// The sparse scenario `s` holds (the default scenario's, `{}`, without `s`).
    fn scenario(&self) -> Result<Value, app::share::ShareError> {
        match &self.s {
            None => Ok(json!({})),
            Some(payload) => app::share::decode(payload),
        }
    }
}

/// The answer for an `s` that cannot be read: 400 naming `s`.
fn bad_link(error: app::share::ShareError) -> Response {
    error_response(
        StatusCode::BAD_REQUEST,
        "invalid_share_link",
        format!("The link's scenario cannot be read: {error}."),
        Some("s".to_owned()),
    )
}

/// `GET /fragments/results?s=...&pt=...`: `{ "html", "price_table_id" }`.
pub async fn results_fragment(
    Extension(client): Extension<ApiClient>,
    QueryParams(query): QueryParams<PageQuery>,
) -> Response {
    let scenario = match query.scenario() {
        Ok(scenario) => scenario,
        Err(error) => return bad_link(error),
    };
    match with_api(client, move || results::render(scenario, query.pt)).await {
        Ok(fragment) => Json(fragment).into_response(),
        Err(error) => api_error_response(error),
    }
}

/// `GET /export/estimate.csv?s=...&pt=...`: one row per line item (see `app::model::csv`).
pub async fn export_csv(
    Extension(client): Extension<ApiClient>,
    QueryParams(query): QueryParams<PageQuery>,
) -> Response {
    export(
        client,
        query,
        "text/csv; charset=utf-8",
        "dbcost-estimate.csv",
        app::model::csv,
    )
    .await
}

/// `GET /export/estimate.json?s=...&pt=...`: the estimate and the price table it used.
pub async fn export_json(
    Extension(client): Extension<ApiClient>,
    QueryParams(query): QueryParams<PageQuery>,
) -> Response {
    export(
        client,
        query,
        "application/json",
        "dbcost-estimate.json",
        results::export_json,
    )
    .await
}

async fn export(
    client: ApiClient,
    query: PageQuery,
    content_type: &'static str,
    file_name: &'static str,
    write: fn(&Priced) -> String,
) -> Response {
    let scenario = match query.scenario() {
        Ok(scenario) => scenario,
        Err(error) => return bad_link(error),
    };
    let priced = with_api(client, move || async move {
        let body = json!({ "scenario": scenario, "price_table_id": query.pt });
        let value: Value = app::api::post("/api/v1/estimate", &body).await?;
        Priced::from_api(value).map_err(ApiError::client)
    })
    .await;
    match priced {
        Ok(priced) => {
            let disposition = format!("attachment; filename=\"{file_name}\"");
            let mut response = write(&priced).into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Err(error) => api_error_response(error),
    }
}

/// Runs `work` in a reactive owner that provides the in-process API client (what
/// `app::api` calls use on the server), as the page renderer does.
async fn with_api<F: Future>(client: ApiClient, work: impl FnOnce() -> F) -> F::Output {
    let owner = Owner::new();
    owner.with(|| provide_context(client));
    let future = owner.with(|| ScopedFuture::new(work()));
    future.await
}

/// The API's error, passed on with its status (502 when the API gave no usable answer); the
/// table the API calls `price_table_id` is this route's `pt`.
fn api_error_response(error: ApiError) -> Response {
    let status = StatusCode::from_u16(error.status)
        .ok()
        .filter(|s| s.is_client_error() || s.is_server_error())
        .unwrap_or(StatusCode::BAD_GATEWAY);
    let field = error.field.map(|field| match field.as_str() {
        "price_table_id" => "pt".to_owned(),
        _ => field,
    });
    error_response(status, &error.code, error.message, field)
}
