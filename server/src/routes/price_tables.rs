//! `/api/v1/price-tables`: import, list, show, diff, export, and the region default.

use axum::{
    Json,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use pricing_data::{PriceChange, PriceTable};
use serde::Serialize;

use crate::{
    AppState,
    error::AppError,
    extract::{QueryParams, RawBody},
    storage::price_tables::{PriceTableVersion, today},
};

/// A version with its age, as the API and the UI show it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct VersionView {
    /// The stored version.
    #[serde(flatten)]
    pub version: PriceTableVersion,
    /// Days since the publication date (or, without one, the effective date).
    pub age_days: i64,
    /// Whether `age_days` exceeds the server's `stale_after_days`.
    pub stale: bool,
}

/// The list of versions.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ListView {
    /// Every version, by region then newest first.
    pub price_tables: Vec<VersionView>,
    /// The age in days after which a table counts as stale.
    pub stale_after_days: u32,
}

/// One version with its document.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ShowView {
    /// The version and its age.
    #[serde(flatten)]
    pub version: VersionView,
    /// The price table itself.
    pub table: PriceTable,
}

/// The differences from one version to another.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct DiffView {
    /// The older side.
    pub from: VersionView,
    /// The newer side.
    pub to: VersionView,
    /// Every price added, removed or changed.
    pub changes: Vec<PriceChange>,
}

/// Ages a stored version against today and the server's staleness setting.
pub fn view(state: &AppState, version: PriceTableVersion, table: &PriceTable) -> VersionView {
    let today = today();
    VersionView {
        age_days: table.age_days(today),
        stale: table.is_stale(today, state.settings.db.stale_after_days),
        version,
    }
}

async fn load(
    state: &AppState,
    id: &str,
) -> Result<(PriceTableVersion, std::sync::Arc<PriceTable>), AppError> {
    let not_found = || AppError::NotFound(format!("No price table has the id {id}."));
    let version = state
        .db
        .price_table_version(id)
        .await?
        .ok_or_else(not_found)?;
    let table = state.db.price_table(id).await?.ok_or_else(not_found)?;
    Ok((version, table))
}

/// `POST /api/v1/price-tables`: 201 with the new version, 200 when identical content is
/// already stored, 422 with every field error.
pub async fn import(
    State(state): State<AppState>,
    RawBody(body): RawBody,
) -> Result<Response, AppError> {
    let text = std::str::from_utf8(&body).map_err(|e| AppError::BadRequest {
        status: StatusCode::BAD_REQUEST,
        code: "malformed_json",
        message: format!("The body is not UTF-8 text: {e}"),
    })?;
    let table = pricing_data::parse(text, today()).map_err(|details| AppError::InvalidFields {
        code: "invalid_price_table",
        message: format!(
            "The price table has {} problem(s); nothing was stored. First: {}",
            details.len(),
            details.first().map(ToString::to_string).unwrap_or_default()
        ),
        details,
    })?;
    let imported = state.db.import_price_table(&table).await?;
    let status = if imported.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view(&state, imported.version, &table))).into_response())
}

/// `GET /api/v1/price-tables`.
pub async fn list(State(state): State<AppState>) -> Result<Json<ListView>, AppError> {
    let mut price_tables = Vec::new();
    for version in state.db.list_price_tables().await? {
        let (version, table) = load(&state, &version.id).await?;
        price_tables.push(view(&state, version, &table));
    }
    Ok(Json(ListView {
        price_tables,
        stale_after_days: state.settings.db.stale_after_days,
    }))
}

/// `GET /api/v1/price-tables/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ShowView>, AppError> {
    let (version, table) = load(&state, &id).await?;
    Ok(Json(ShowView {
        version: view(&state, version, &table),
        table: (*table).clone(),
    }))
}

/// `GET /api/v1/price-tables/{a}/diff/{b}`.
pub async fn diff(
    State(state): State<AppState>,
    Path((a, b)): Path<(String, String)>,
) -> Result<Json<DiffView>, AppError> {
    let (version_a, table_a) = load(&state, &a).await?;
    let (version_b, table_b) = load(&state, &b).await?;
    let changes = pricing_data::diff(&table_a, &table_b);
    Ok(Json(DiffView {
        from: view(&state, version_a, &table_a),
        to: view(&state, version_b, &table_b),
        changes,
    }))
}

/// `GET /api/v1/price-tables/{id}/export`: the canonical document, as a download.
pub async fn export(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let document = state
        .db
        .price_table_document(&id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("No price table has the id {id}.")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{id}.json\""),
            ),
        ],
        document,
    )
        .into_response())
}

/// `POST /api/v1/price-tables/{id}/default`: make this version its region's default.
pub async fn set_default(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<VersionView>, AppError> {
    state
        .db
        .set_default_price_table(&id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("No price table has the id {id}.")))?;
    let (version, table) = load(&state, &id).await?;
    Ok(Json(view(&state, version, &table)))
}

/// `GET /api/v1/schemas/price-table.json`: the price table's JSON Schema.
pub async fn schema() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/schema+json")],
        pricing_data::schema::COMMITTED_SCHEMA,
    )
}

/// Query parameters of `POST /api/v1/price-tables/import-aws`.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportAwsQuery {
    /// The region to import; default: the region of the first regional product in the file.
    pub region: Option<String>,
    /// The table's name.
    pub name: Option<String>,
    /// The file's name, for the table's `source` and for errors.
    pub file_name: Option<String>,
}

/// The stored version and the importer's report.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ImportAwsView {
    /// The version and its age.
    #[serde(flatten)]
    pub version: VersionView,
    /// What was read, mapped, skipped and is still missing.
    #[schemars(with = "serde_json::Value")]
    pub report: pricing_data::ImportReport,
}

/// `POST /api/v1/price-tables/import-aws`: one AWS offer file (JSON or CSV) as the request
/// body, streamed through the importer without holding it in memory; 201 / 200 like an import.
pub async fn import_aws(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<ImportAwsQuery>,
    body: axum::body::Body,
) -> Result<Response, AppError> {
    use futures_util::TryStreamExt;

    let region = query
        .region
        .as_deref()
        .map(pricing_data::Region::parse)
        .transpose()
        .map_err(|expected| AppError::Invalid {
            code: "unknown_region",
            message: format!("region: {expected}"),
            field: Some("region".into()),
        })?;
    let limit = state.settings.max_import_bytes;
    let stream = http_body_util::Limited::new(body, limit);
    let stream = http_body_util::BodyDataStream::new(stream)
        .map_err(|e| std::io::Error::other(e.to_string()));
    let reader = tokio_util::io::StreamReader::new(stream);
    let file_name = query.file_name.unwrap_or_else(|| "upload".to_owned());
    let options = pricing_data::ImportOptions {
        region,
        name: query.name,
        today: today(),
    };
    let result = tokio::task::spawn_blocking(move || {
        let reader =
            std::io::BufReader::with_capacity(1 << 20, tokio_util::io::SyncIoBridge::new(reader));
        let input = pricing_data::OfferInput {
            name: file_name,
            reader,
        };
        pricing_data::import_aws(vec![input], options, &mut |_| {})
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    let (table, report) = result.map_err(|error| match &error {
        pricing_data::ImportError::Io { message, .. } if message.contains("length limit") => {
            AppError::BadRequest {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                code: "payload_too_large",
                message: format!(
                    "The offer file is larger than this server accepts ({limit} bytes; set --max-import-bytes)."
                ),
            }
        }
        _ => AppError::Invalid {
            code: "invalid_offer_file",
            message: format!("The offer file could not be imported; nothing was stored: {error}"),
            field: None,
        },
    })?;
    let imported = state.db.import_price_table(&table).await?;
    let status = if imported.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let body = ImportAwsView {
        version: view(&state, imported.version, &table),
        report,
    };
    Ok((status, Json(body)).into_response())
}
