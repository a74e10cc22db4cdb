//! The router: the JSON API under `/api/v1` (documented as OpenAPI 3.1 as it is built),
//! `/healthz`, the Leptos app and its assets.

pub mod estimate;
pub mod fragments;
pub mod health;
pub mod price_tables;
pub mod scenarios;

use std::sync::Arc;

use app::{App, api::ApiClient, shell};
use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, Request},
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{any, get, post},
};
use leptos::{
    nonce::use_nonce,
    prelude::{provide_context, use_context},
};
use leptos_axum::{LeptosRoutes, generate_route_list};
use serde_json::Value;
use tower_http::{
    compression::CompressionLayer, services::ServeDir, timeout::TimeoutLayer, trace::TraceLayer,
};

use crate::{
    AppState,
    error::error_response,
    openapi::ApiBuilder,
    pricing::{EstimateResponse, SweepResponse},
    security,
};

/// The answer of a write route over the client's write rate (`--write-rate-per-minute`).
const TOO_MANY_WRITES: &str =
    "Too many writes from this client; the Retry-After header says how many seconds to wait";

/// The API routes and their OpenAPI document, built together.
pub fn api() -> (Router<AppState>, Value) {
    let mut api = ApiBuilder::new();
    let health = api.schema::<health::Health>();
    let list = api.schema::<price_tables::ListView>();
    let version = api.schema::<price_tables::VersionView>();
    let show = api.schema::<price_tables::ShowView>();
    let diff = api.schema::<price_tables::DiffView>();
    let table = api.schema::<pricing_data::PriceTable>();
    let estimate_request = api.schema::<estimate::EstimateRequest>();
    let estimate_response = api.schema::<EstimateResponse>();
    let sweep_request = api.schema::<estimate::SweepRequest>();
    let sweep_response = api.schema::<SweepResponse>();
    let saved = api.schema::<scenarios::SavedView>();
    let scenario_view = api.schema::<scenarios::ScenarioView>();
    let any_json = serde_json::json!({ "type": "object" });

    let op = |api: &ApiBuilder, summary| api.op(summary);
    let health_op = op(&api, "Liveness and database reachability")
        .json(200, "The server and its database answer", health.clone())
        .json(503, "The database does not answer", health);
    let import_op = op(&api, "Import a price table as a new immutable version")
        .describe("The body is a price-table document (see /api/v1/schemas/price-table.json). Nothing is stored unless the whole table is valid.")
        .json_body(table.clone())
        .json(201, "Stored as a new version", version.clone())
        .json(200, "Identical content was already stored; that version", version.clone())
        .error(400, "The body is not UTF-8")
        .error(413, "The body is larger than the server accepts")
        .error(422, "Field errors, every one listed in error.details")
        .error(429, TOO_MANY_WRITES);
    let import_aws = api.schema::<price_tables::ImportAwsView>();
    let import_aws_op = op(&api, "Import AWS Price List offer files (JSON or CSV) for one region as a new version")
        .describe("The body is one offer file as downloaded (AmazonRDS, AmazonDynamoDB, AmazonDAX or AmazonElastiCache), or a multipart/form-data form whose file parts are several such files for one region, combined into one table; streamed either way. Query parameters region, name and (for a single file) file_name are optional. Its own size limit (--max-import-bytes) applies to the whole body. Nothing is stored unless every file imports.")
        .body("application/octet-stream", serde_json::json!({ "type": "string", "format": "binary" }))
        .query("region", "The region to import, e.g. us-east-1; default: the region of the first regional product in the file")
        .query("name", "The table's name")
        .query("file_name", "The file's name, for the table's source and for errors (single-file bodies)")
        .content(201, "Stored as a new version, with the import report", "application/json", import_aws.clone())
        .json(200, "Identical content was already stored", import_aws)
        .error(400, "A multipart form that cannot be read")
        .error(413, "The files are larger than the server accepts")
        .error(422, "Not an offer file, malformed (with the byte offset or line), or nothing mappable; or an unknown region or query parameter")
        .error(429, TOO_MANY_WRITES);
    let list_op = op(
        &api,
        "List price-table versions with their age and staleness",
    )
    .json(200, "Every version", list);
    let show_op = op(&api, "One price-table version with its document")
        .param("id", "The version id (pt-...)")
        .json(200, "The version", show)
        .error(404, "No such version");
    let export_op = op(&api, "Download a version's canonical document")
        .param("id", "The version id")
        .content(
            200,
            "The document, re-importable",
            "application/json",
            table,
        )
        .error(404, "No such version");
    let default_op = op(&api, "Make a version the default for its region")
        .param("id", "The version id")
        .json(200, "The version, now the default", version)
        .error(404, "No such version");
    let diff_op = op(
        &api,
        "Every price added, removed or changed between two versions",
    )
    .param("a", "The older version id")
    .param("b", "The newer version id")
    .json(200, "The differences", diff)
    .error(404, "No such version");
    let price_schema_op = op(&api, "The price table's JSON Schema").content(
        200,
        "JSON Schema",
        "application/schema+json",
        any_json.clone(),
    );
    let scenario_schema_op = op(&api, "The scenario's JSON Schema").content(
        200,
        "JSON Schema",
        "application/schema+json",
        any_json.clone(),
    );
    let openapi_op =
        op(&api, "This document").content(200, "OpenAPI 3.1", "application/json", any_json);
    let estimate_op = op(&api, "Size and price every option for a workload")
        .json_body(estimate_request.clone())
        .json(
            200,
            "The estimate and the price table it used",
            estimate_response,
        )
        .error(400, "Malformed JSON")
        .error(413, "The body is too large")
        .error(415, "The body is not JSON")
        .error(422, "A field is invalid; error.field names it");
    let sweep_op = op(
        &api,
        "Monthly cost of every database option as traffic or data scales",
    )
    .json_body(sweep_request)
    .json(
        200,
        "The curves and their break-even points",
        sweep_response,
    )
    .error(400, "Malformed JSON")
    .error(415, "The body is not JSON")
    .error(422, "A field is invalid; error.field names it");
    let save_op = op(&api, "Save a scenario, pinned to its price-table version")
        .describe("Saved scenarios are immutable: PUT, PATCH and DELETE answer 405.")
        .json_body(estimate_request)
        .json(201, "Saved", saved)
        .error(400, "Malformed JSON")
        .error(415, "The body is not JSON")
        .error(422, "A field is invalid")
        .error(429, TOO_MANY_WRITES);
    let load_op = op(
        &api,
        "A saved scenario, its pinned price table and any newer one",
    )
    .param("id", "The saved scenario's id (22 characters)")
    .json(200, "The scenario", scenario_view)
    .error(404, "No such scenario")
    .error(405, "Saved scenarios cannot be changed or deleted");

    let (router, doc) = api
        .route("GET", "/healthz", get(health::healthz), health_op)
        .route(
            "POST",
            "/api/v1/price-tables",
            post(price_tables::import),
            import_op,
        )
        .route(
            "GET",
            "/api/v1/price-tables",
            get(price_tables::list),
            list_op,
        )
        .route(
            "POST",
            "/api/v1/price-tables/import-aws",
            post(price_tables::import_aws).layer(DefaultBodyLimit::disable()),
            import_aws_op,
        )
        .route(
            "GET",
            "/api/v1/price-tables/{id}",
            get(price_tables::show),
            show_op,
        )
        .route(
            "GET",
            "/api/v1/price-tables/{id}/export",
            get(price_tables::export),
            export_op,
        )
        .route(
            "POST",
            "/api/v1/price-tables/{id}/default",
            post(price_tables::set_default),
            default_op,
        )
        .route(
            "GET",
            "/api/v1/price-tables/{a}/diff/{b}",
            get(price_tables::diff),
            diff_op,
        )
        .route(
            "GET",
            "/api/v1/schemas/price-table.json",
            get(price_tables::schema),
            price_schema_op,
        )
        .route(
            "GET",
            "/api/v1/schemas/scenario.json",
            get(scenario_schema),
            scenario_schema_op,
        )
        .route("GET", "/api/v1/openapi.json", get(openapi), openapi_op)
        .route(
            "POST",
            "/api/v1/estimate",
            post(estimate::estimate),
            estimate_op,
        )
        .route("POST", "/api/v1/sweep", post(estimate::sweep), sweep_op)
        .route("POST", "/api/v1/scenarios", post(scenarios::save), save_op)
        .route(
            "GET",
            "/api/v1/scenarios/{id}",
            get(scenarios::load),
            load_op,
        )
        .finish("");
    (router, doc)
}

/// Builds the whole application for `state`.
pub fn router(state: AppState) -> Router {
    let leptos_options = state.leptos.clone();
    let routes = generate_route_list(App);
    let pkg_dir = state.settings.site_root.join("pkg");
    let (api, doc) = api();
    let doc = Arc::new(doc);
    let api = api
        .route("/api/v1/{*rest}", any(api_not_found))
        .layer(axum::Extension(doc))
        .layer(DefaultBodyLimit::max(state.settings.max_body_bytes))
        .layer(middleware::from_fn(json_method_not_allowed));
    // Pages rendered on the server reach the API in process, through the same router.
    let client = in_process_client(api.clone().with_state(state.clone()));

    // What the calculator fetches besides the API: its results as HTML, and the exports.
    let fragments = Router::new()
        .route("/fragments/results", get(fragments::results_fragment))
        .route("/export/estimate.csv", get(fragments::export_csv))
        .route("/export/estimate.json", get(fragments::export_json))
        .layer(axum::Extension(client.clone()));

    Router::new()
        .merge(api)
        .merge(fragments)
        // The build writes `.gz` twins of the big assets; serve those when the client
        // accepts gzip instead of compressing on every request.
        .nest_service("/pkg", ServeDir::new(pkg_dir).precompressed_gzip())
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(client.clone());
                // Leptos's inline hydration and data scripts carry this response's nonce; the
                // page's CSP allows exactly those.
                if let (Some(nonce), Some(response)) =
                    (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
                    && let Ok(value) = HeaderValue::from_str(&security::page_csp(&nonce))
                {
                    response.insert_header(header::CONTENT_SECURITY_POLICY, value);
                }
            },
            {
                let options = leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::write_rate_limit,
        ))
        .layer(middleware::from_fn(security::cross_origin_guard))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::host_allow_list,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            std::time::Duration::from_secs(state.settings.request_timeout_secs.max(1)),
        ))
        .layer(middleware::from_fn(security::security_headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// An [`ApiClient`] that answers through `api` without a socket.
fn in_process_client(api: Router) -> ApiClient {
    ApiClient(Arc::new(
        move |method: &str, path: &str, body: Option<String>| {
            let api = api.clone();
            let request = Request::builder()
                .method(method)
                .uri(path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(axum::body::Body::from(body.unwrap_or_default()));
            Box::pin(async move {
                use http_body_util::BodyExt;
                use tower::ServiceExt;
                let Ok(request) = request else {
                    return (400, String::new());
                };
                let Ok(response) = api.oneshot(request).await;
                let status = response.status().as_u16();
                let bytes = response
                    .into_body()
                    .collect()
                    .await
                    .map(|b| b.to_bytes())
                    .unwrap_or_default();
                (status, String::from_utf8_lossy(&bytes).into_owned())
            })
        },
    ))
}

async fn api_not_found() -> Response {
    error_response(
        StatusCode::NOT_FOUND,
        "not_found",
        "No such API route.",
        None,
    )
}

/// axum answers a known path with an unsupported method with an empty 405; the API answers
/// with its JSON error instead.
async fn json_method_not_allowed(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() == StatusCode::METHOD_NOT_ALLOWED
        && response.headers().get(header::CONTENT_TYPE).is_none()
    {
        let (parts, _) = response.into_parts();
        let mut json = error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "This route does not accept that method (saved scenarios are immutable).",
            None,
        );
        if let Some(allow) = parts.headers.get(header::ALLOW) {
            json.headers_mut().insert(header::ALLOW, allow.clone());
        }
        return json;
    }
    response
}

async fn openapi(axum::Extension(doc): axum::Extension<Arc<Value>>) -> Json<Value> {
    Json((*doc).clone())
}

async fn scenario_schema() -> impl IntoResponse {
    let schema = schemars::schema_for!(engine::Scenario);
    (
        [(header::CONTENT_TYPE, "application/schema+json")],
        Json(schema),
    )
}
