//! Pricing a scenario against a stored or given price table: what the estimate API, the
//! saved-scenario API and the `dbcost estimate` CLI share, so their answers are identical.

use engine::{Estimate, Scenario, Sweep, SweepAxis};
use pricing_data::PriceTable;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{
    db::Db,
    error::AppError,
    storage::price_tables::{PriceTableVersion, id_for_hash, today},
};

/// The region whose default table prices a scenario when the request names none.
pub const DEFAULT_REGION: &str = "us-east-1";

/// The price table an estimate used, and how old it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PriceTableRef {
    /// The version id (`pt-...`).
    pub id: String,
    /// The table's name.
    pub name: String,
    /// AWS region code.
    pub region: String,
    /// When the prices were true (YYYY-MM-DD).
    pub effective_date: String,
    /// Days since the publication date (or, without one, the effective date).
    pub age_days: i64,
    /// Older than the server's `stale_after_days`: the UI warns.
    pub stale: bool,
}

impl PriceTableRef {
    /// The reference for `table`, with the id it has (or would have) when stored.
    pub fn of(table: &PriceTable, stale_after_days: u32) -> Self {
        let today = today();
        Self {
            id: id_for_hash(&pricing_data::content_hash(table)),
            name: table.name.clone(),
            region: table.region.as_str().to_owned(),
            effective_date: table.effective_date.to_string(),
            age_days: table.age_days(today),
            stale: table.is_stale(today, stale_after_days),
        }
    }
}

/// `POST /api/v1/estimate` and `dbcost estimate --format json`: the engine's estimate and the
/// price table it used.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct EstimateResponse {
    /// The estimate.
    #[serde(flatten)]
    pub estimate: Estimate,
    /// The price table used.
    pub price_table: PriceTableRef,
}

/// `POST /api/v1/sweep`: the cost-vs-scale curves and the price table used.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct SweepResponse {
    /// The curves and break-even points.
    #[serde(flatten)]
    pub sweep: Sweep,
    /// The price table used.
    pub price_table: PriceTableRef,
}

/// Parses a scenario, naming the offending field under `scenario.`.
pub fn parse_scenario(value: &serde_json::Value) -> Result<Scenario, AppError> {
    Scenario::from_json(&value.to_string()).map_err(|error| {
        let field = match error.field() {
            "" => "scenario".to_owned(),
            path => format!("scenario.{path}"),
        };
        AppError::Invalid {
            code: "invalid_scenario",
            message: format!("{field}: {}", message_of(&error)),
            field: Some(field),
        }
    })
}

fn message_of(error: &engine::ScenarioError) -> &str {
    match error {
        engine::ScenarioError::Malformed { message, .. }
        | engine::ScenarioError::Invalid { message, .. } => message,
    }
}

/// The stored table `id`, or the default table of `region` (us-east-1 when absent).
pub async fn resolve_table(
    db: &Db,
    price_table_id: Option<&str>,
    region: Option<&str>,
) -> Result<(PriceTableVersion, std::sync::Arc<PriceTable>), AppError> {
    let id = match price_table_id {
        Some(id) => id.to_owned(),
        None => {
            let region = region.unwrap_or(DEFAULT_REGION);
            pricing_data::Region::parse(region).map_err(|expected| AppError::Invalid {
                code: "unknown_region",
                message: format!("region: {expected}, found {region:?}"),
                field: Some("region".into()),
            })?;
            db.default_price_table_id(region).await?.ok_or_else(|| AppError::Invalid {
                code: "no_price_table",
                message: format!(
                    "No price table is stored for region {region}: import one (POST /api/v1/price-tables) or name one with price_table_id."
                ),
                field: Some("region".into()),
            })?
        }
    };
    let missing = || AppError::Invalid {
        code: "unknown_price_table",
        message: format!("price_table_id: no price table has the id {id}."),
        field: Some("price_table_id".into()),
    };
    let version = db.price_table_version(&id).await?.ok_or_else(missing)?;
    let table = db.price_table(&id).await?.ok_or_else(missing)?;
    Ok((version, table))
}

/// Runs the engine.
pub fn estimate(
    scenario: &Scenario,
    table: &PriceTable,
    stale_after_days: u32,
) -> Result<EstimateResponse, AppError> {
    let estimate = engine::estimate(scenario, table).map_err(scenario_error)?;
    Ok(EstimateResponse {
        estimate,
        price_table: PriceTableRef::of(table, stale_after_days),
    })
}

/// Runs a sweep over `points` multipliers from 0.1x to 100x (log-spaced).
pub fn sweep(
    scenario: &Scenario,
    table: &PriceTable,
    axis: SweepAxis,
    multipliers: &[Decimal],
    stale_after_days: u32,
) -> Result<SweepResponse, AppError> {
    let sweep = engine::sweep(scenario, table, axis, multipliers).map_err(scenario_error)?;
    Ok(SweepResponse {
        sweep,
        price_table: PriceTableRef::of(table, stale_after_days),
    })
}

fn scenario_error(error: engine::ScenarioError) -> AppError {
    let field = format!("scenario.{}", error.field());
    AppError::Invalid {
        code: "invalid_scenario",
        message: format!("{field}: {}", message_of(&error)),
        field: Some(field),
    }
}
