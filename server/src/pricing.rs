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
    storage::price_tables::{StoredTable, id_for_hash, today},
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
    /// The reference for `table`, with the id it would have when stored (hashes the whole
    /// table: for tables read from a file; stored ones know their id, see [`Self::stored`]).
    pub fn of(table: &PriceTable, stale_after_days: u32) -> Self {
        Self::stored(
            id_for_hash(&pricing_data::content_hash(table)),
            table,
            stale_after_days,
        )
    }

    /// The reference for the stored version `id` holding `table`.
    pub fn stored(id: String, table: &PriceTable, stale_after_days: u32) -> Self {
        let today = today();
        Self {
            id,
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

/// Serialised estimate and sweep answers, by request. An answer is a pure function of the
/// scenario, the price-table version (immutable) and the day (the table's age and staleness
/// change with the date), so the same request on the same day gets the same bytes, and a
/// shared link opened by a whole team is priced once. Bounded by bytes (least recently used
/// answers go first).
#[derive(Clone)]
pub struct AnswerCache(
    std::sync::Arc<quick_cache::sync::Cache<String, axum::body::Bytes, ByBytes>>,
);

/// Weighs a cached answer by its size.
#[derive(Clone)]
pub struct ByBytes;

impl quick_cache::Weighter<String, axum::body::Bytes> for ByBytes {
    fn weight(&self, key: &String, value: &axum::body::Bytes) -> u64 {
        (key.len() + value.len()) as u64
    }
}

impl AnswerCache {
    /// Room for about 1,000 estimates of ~50 KB.
    const BYTES: u64 = 48 * 1024 * 1024;

    /// An empty cache.
    pub fn new() -> Self {
        Self(std::sync::Arc::new(
            quick_cache::sync::Cache::with_weighter(1024, Self::BYTES, ByBytes),
        ))
    }

    /// The key of a request: what it computes (`kind` and its parameters), the table version,
    /// today's date, and the scenario as sent (`scenario`: the request's scenario value
    /// written back as JSON).
    pub fn key(kind: &str, table_id: &str, scenario: &str) -> String {
        format!("{kind}\n{table_id}\n{}\n{scenario}", today())
    }

    /// The cached answer for `key`.
    pub fn get(&self, key: &str) -> Option<axum::body::Bytes> {
        self.0.get(key)
    }

    /// Keeps `answer` for `key`.
    pub fn insert(&self, key: String, answer: axum::body::Bytes) {
        self.0.insert(key, answer);
    }
}

impl Default for AnswerCache {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for AnswerCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnswerCache")
            .field("answers", &self.0.len())
            .field("bytes", &self.0.weight())
            .finish()
    }
}

/// A JSON answer from serialised bytes.
pub fn json_answer(bytes: axum::body::Bytes) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/json"),
        )],
        bytes,
    )
        .into_response()
}

/// Parses a scenario, naming the offending field under `scenario.`.
pub fn parse_scenario(value: &serde_json::Value) -> Result<Scenario, AppError> {
    parse_scenario_json(&value.to_string())
}

/// [`parse_scenario`] for a scenario value already written as JSON.
pub fn parse_scenario_json(json: &str) -> Result<Scenario, AppError> {
    Scenario::from_json(json).map_err(|error| {
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

/// The stored table `id`, or the default table of `region` (us-east-1 when absent), with its
/// version id. Versions are immutable, so a parsed table comes from memory after its first
/// use: a request that names its table costs no database query, one that names a region one.
pub async fn resolve_table(
    db: &Db,
    price_table_id: Option<&str>,
    region: Option<&str>,
) -> Result<(String, StoredTable), AppError> {
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
    let table = db.price_table(&id).await?.ok_or_else(missing)?;
    Ok((id, table))
}

/// Runs the engine; `price_table` is `table`'s reference.
pub fn estimate(
    scenario: &Scenario,
    table: &dyn engine::PriceBook,
    price_table: PriceTableRef,
) -> Result<EstimateResponse, AppError> {
    let estimate = engine::estimate(scenario, table).map_err(scenario_error)?;
    Ok(EstimateResponse {
        estimate,
        price_table,
    })
}

/// Runs a sweep over `points` multipliers from 0.1x to 100x (log-spaced).
pub fn sweep(
    scenario: &Scenario,
    table: &dyn engine::PriceBook,
    axis: SweepAxis,
    multipliers: &[Decimal],
    price_table: PriceTableRef,
) -> Result<SweepResponse, AppError> {
    let sweep = engine::sweep(scenario, table, axis, multipliers).map_err(scenario_error)?;
    Ok(SweepResponse { sweep, price_table })
}

fn scenario_error(error: engine::ScenarioError) -> AppError {
    let field = format!("scenario.{}", error.field());
    AppError::Invalid {
        code: "invalid_scenario",
        message: format!("{field}: {}", message_of(&error)),
        field: Some(field),
    }
}
