//! The router: the JSON API under `/api/v1`, `/healthz`, the Leptos app and its assets.

pub mod health;
pub mod price_tables;

use app::{App, shell};
use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::StatusCode,
    routing::{get, post},
};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::{compression::CompressionLayer, services::ServeDir, trace::TraceLayer};

use crate::{AppState, error::error_response};

/// Builds the whole application for `state`.
pub fn router(state: AppState) -> Router {
    let leptos_options = state.leptos.clone();
    let routes = generate_route_list(App);
    let pkg_dir = state.settings.site_root.join("pkg");

    let api = Router::new()
        .route(
            "/price-tables",
            post(price_tables::import).get(price_tables::list),
        )
        .route("/price-tables/{id}", get(price_tables::show))
        .route("/price-tables/{id}/export", get(price_tables::export))
        .route(
            "/price-tables/{id}/default",
            post(price_tables::set_default),
        )
        .route("/price-tables/{a}/diff/{b}", get(price_tables::diff))
        .route("/schemas/price-table.json", get(price_tables::schema))
        .layer(DefaultBodyLimit::max(state.settings.max_body_bytes))
        .fallback(|| async {
            error_response(
                StatusCode::NOT_FOUND,
                "not_found",
                "No such API route.",
                None,
            )
        });

    Router::new()
        .route("/healthz", get(health::healthz))
        .nest("/api/v1", api)
        // The build writes `.gz` twins of the big assets; serve those when the client
        // accepts gzip instead of compressing on every request.
        .nest_service("/pkg", ServeDir::new(pkg_dir).precompressed_gzip())
        .leptos_routes(&state, routes, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
