//! `POST /api/v1/scenarios` and `GET /api/v1/scenarios/{id}`: saved, immutable scenarios
//! pinned to the price-table version they were priced with.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{
    AppState,
    error::AppError,
    extract::JsonBody,
    pricing::{self, PriceTableRef},
    routes::estimate::EstimateRequest,
};

/// A saved scenario's address.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct SavedView {
    /// 22 URL-safe characters (128 random bits).
    pub id: String,
    /// The page that opens it: `/s/{id}`.
    pub url: String,
    /// The price-table version it is pinned to.
    pub price_table_id: String,
}

/// A saved scenario, its pinned price table, and a newer one when the region has one.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct ScenarioView {
    /// The id.
    pub id: String,
    /// The scenario as saved.
    #[schemars(with = "engine::Scenario")]
    pub scenario: serde_json::Value,
    /// The price table it is pinned to.
    pub price_table: PriceTableRef,
    /// The region's current default table, when it is not the pinned one (offer to re-price).
    pub newer_price_table: Option<PriceTableRef>,
    /// When it was saved (RFC 3339).
    pub created_at: String,
}

/// Saves a scenario; 201 with its id and URL.
pub async fn save(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<EstimateRequest>,
) -> Result<(StatusCode, Json<SavedView>), AppError> {
    let scenario = pricing::parse_scenario(&request.scenario)?;
    let (table_id, _) = pricing::resolve_table(
        &state.db,
        request.price_table_id.as_deref(),
        request.region.as_deref(),
    )
    .await?;
    let json = serde_json::to_string(&scenario).map_err(|e| AppError::Internal(e.into()))?;
    let saved = state.db.save_scenario(&json, &table_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(SavedView {
            url: format!("/s/{}", saved.id),
            id: saved.id,
            price_table_id: saved.price_table_id,
        }),
    ))
}

/// Loads a saved scenario.
pub async fn load(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ScenarioView>, AppError> {
    load_view(&state, &id).await.map(Json)
}

/// The saved scenario `id` with its pinned and newer tables (also used by the `/s/{id}` page).
pub async fn load_view(state: &AppState, id: &str) -> Result<ScenarioView, AppError> {
    let saved = state
        .db
        .scenario(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("No saved scenario has the id {id}.")))?;
    let stale_after = state.settings.db.stale_after_days;
    let (pinned_id, pinned) =
        pricing::resolve_table(&state.db, Some(&saved.price_table_id), None).await?;
    let pinned_ref = PriceTableRef::stored(pinned_id, &pinned, stale_after);
    let newer = match state.db.default_price_table_id(&pinned_ref.region).await? {
        Some(default_id) if default_id != saved.price_table_id => {
            let (id, table) = pricing::resolve_table(&state.db, Some(&default_id), None).await?;
            (table.effective_date >= pinned.effective_date)
                .then(|| PriceTableRef::stored(id, &table, stale_after))
        }
        _ => None,
    };
    let scenario =
        serde_json::from_str(&saved.scenario).map_err(|e| AppError::Internal(e.into()))?;
    Ok(ScenarioView {
        id: saved.id,
        scenario,
        price_table: pinned_ref,
        newer_price_table: newer,
        created_at: saved.created_at,
    })
}
