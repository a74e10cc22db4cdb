//! `POST /api/v1/estimate` and `POST /api/v1/sweep`.

use axum::{
    extract::State,
    response::{IntoResponse, Response},
};
use engine::SweepAxis;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::{
    AppState,
    error::AppError,
    extract::JsonBody,
    pricing::{self, AnswerCache, PriceTableRef},
    storage::price_tables::StoredTable,
};

/// What to price: a scenario and, optionally, which price table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EstimateRequest {
    /// The workload (see `/api/v1/schemas/scenario.json`); omitted fields take their defaults.
    #[schemars(with = "engine::Scenario")]
    pub scenario: serde_json::Value,
    /// The price-table version to use; default: the default table of `region`.
    #[serde(default)]
    pub price_table_id: Option<String>,
    /// The AWS region whose default table prices the scenario when `price_table_id` is absent.
    /// Default `us-east-1`.
    #[serde(default)]
    pub region: Option<String>,
}

/// The largest number of points one sweep may ask for.
pub const MAX_SWEEP_POINTS: u32 = 400;

/// What to sweep.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SweepRequest {
    /// The workload.
    #[schemars(with = "engine::Scenario")]
    pub scenario: serde_json::Value,
    /// The price-table version to use; default: the default table of `region`.
    #[serde(default)]
    pub price_table_id: Option<String>,
    /// Region whose default table is used when `price_table_id` is absent. Default `us-east-1`.
    #[serde(default)]
    pub region: Option<String>,
    /// What scales: `traffic` (default) or `data`.
    #[serde(default)]
    pub axis: Option<SweepAxis>,
    /// Number of log-spaced multipliers from 0.1x to 100x, 2 to 400. Default 25. Ignored when
    /// `multipliers` is given.
    #[serde(default)]
    #[schemars(range(min = 2, max = MAX_SWEEP_POINTS))]
    pub points: Option<u32>,
    /// Explicit multipliers (each 0 to 1,000), at most 400.
    #[serde(default)]
    #[schemars(length(min = 1, max = MAX_SWEEP_POINTS))]
    pub multipliers: Option<Vec<Decimal>>,
}

/// Prices every option for the scenario (answers come from [`AnswerCache`] when the same
/// request was answered today).
pub async fn estimate(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<EstimateRequest>,
) -> Result<Response, AppError> {
    let (id, table) = table_for(
        &state,
        &request.scenario,
        &request.price_table_id,
        &request.region,
    )
    .await?;
    let json = request.scenario.to_string();
    let key = AnswerCache::key("estimate", &id, &json);
    if let Some(answer) = state.answers.get(&key) {
        return Ok(pricing::json_answer(answer));
    }
    let scenario = pricing::parse_scenario_json(&json)?;
    let price_table = PriceTableRef::stored(id, &table, state.settings.db.stale_after_days);
    let response = pricing::estimate(&scenario, &*table, price_table)?;
    Ok(remember(
        &state,
        key,
        crate::json::estimate_to_vec(&response),
    ))
}

/// Prices every database option as traffic or data scales (cached like the estimate).
pub async fn sweep(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<SweepRequest>,
) -> Result<Response, AppError> {
    let (id, table) = table_for(
        &state,
        &request.scenario,
        &request.price_table_id,
        &request.region,
    )
    .await?;
    let multipliers = multipliers(&request)?;
    let axis = request.axis.unwrap_or(SweepAxis::Traffic);
    let kind = format!("sweep {axis:?} {multipliers:?}");
    let json = request.scenario.to_string();
    let key = AnswerCache::key(&kind, &id, &json);
    if let Some(answer) = state.answers.get(&key) {
        return Ok(pricing::json_answer(answer));
    }
    let scenario = pricing::parse_scenario_json(&json)?;
    let price_table = PriceTableRef::stored(id, &table, state.settings.db.stale_after_days);
    let response = pricing::sweep(&scenario, &*table, axis, &multipliers, price_table)?;
    Ok(remember(&state, key, crate::json::to_vec(&response)))
}

/// The request's price table. When it cannot be found, a bad scenario is still reported
/// first (as before the answer cache, which needs the table's id before the scenario).
async fn table_for(
    state: &AppState,
    scenario: &serde_json::Value,
    price_table_id: &Option<String>,
    region: &Option<String>,
) -> Result<(String, StoredTable), AppError> {
    match pricing::resolve_table(&state.db, price_table_id.as_deref(), region.as_deref()).await {
        Ok(found) => Ok(found),
        Err(error) => {
            pricing::parse_scenario(scenario)?;
            Err(error)
        }
    }
}

/// Keeps the serialised answer in the cache and answers with it.
fn remember(state: &AppState, key: String, answer: serde_json::Result<Vec<u8>>) -> Response {
    match answer {
        Ok(bytes) => {
            let bytes = axum::body::Bytes::from(bytes);
            state.answers.insert(key, bytes.clone());
            pricing::json_answer(bytes)
        }
        Err(error) => AppError::Internal(error.into()).into_response(),
    }
}

fn multipliers(request: &SweepRequest) -> Result<Vec<Decimal>, AppError> {
    let invalid = |field: &str, message: String| AppError::Invalid {
        code: "invalid_field",
        message: format!("{field}: {message}"),
        field: Some(field.to_owned()),
    };
    if let Some(list) = &request.multipliers {
        if list.is_empty() || list.len() > MAX_SWEEP_POINTS as usize {
            return Err(invalid(
                "multipliers",
                format!("expected 1 to {MAX_SWEEP_POINTS} values"),
            ));
        }
        if let Some((i, m)) = list
            .iter()
            .enumerate()
            .find(|(_, m)| m.is_sign_negative() || **m > Decimal::from(1000))
        {
            return Err(invalid(
                &format!("multipliers[{i}]"),
                format!("expected 0 to 1000, found {m}"),
            ));
        }
        return Ok(list.clone());
    }
    let points = request.points.unwrap_or(25);
    if !(2..=MAX_SWEEP_POINTS).contains(&points) {
        return Err(invalid(
            "points",
            format!("expected 2 to {MAX_SWEEP_POINTS}, found {points}"),
        ));
    }
    Ok(engine::log_multipliers(points))
}
