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
    storage::price_tables::{PriceTableVersion, StoredTable, today},
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

async fn load(state: &AppState, id: &str) -> Result<(PriceTableVersion, StoredTable), AppError> {
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
        table: (**table).clone(),
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

/// `POST /api/v1/price-tables/import-aws`: AWS offer files (JSON or CSV) for one region, into
/// one new version; 201 / 200 like an import. The body is either one offer file as it is, or a
/// `multipart/form-data` form whose file parts are offer files (say RDS, DynamoDB, DAX and
/// ElastiCache for one region), read in order into one table. Either way it is streamed
/// through the importer as it arrives, never held in memory, and `--max-import-bytes` bounds
/// the whole body. Nothing is stored unless every file imports.
pub async fn import_aws(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<ImportAwsQuery>,
    headers: axum::http::HeaderMap,
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
    let stream = http_body_util::BodyDataStream::new(http_body_util::Limited::new(body, limit));
    let options = pricing_data::ImportOptions {
        region,
        name: query.name,
        today: today(),
    };
    let boundary = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| multer::parse_boundary(v).ok());
    let too_large = || AppError::BadRequest {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: "payload_too_large",
        message: format!(
            "The offer files are larger than this server accepts ({limit} bytes; set --max-import-bytes). Nothing was stored."
        ),
    };
    let result = match boundary {
        None => {
            let stream = stream.map_err(|e| std::io::Error::other(e.to_string()));
            let reader = tokio_util::io::StreamReader::new(stream);
            let name = query.file_name.unwrap_or_else(|| "upload".to_owned());
            tokio::task::spawn_blocking(move || {
                let reader = std::io::BufReader::with_capacity(
                    1 << 20,
                    tokio_util::io::SyncIoBridge::new(reader),
                );
                pricing_data::import_aws(
                    [pricing_data::OfferInput { name, reader }],
                    options,
                    &mut |_| {},
                )
            })
            .await
            .map_err(|e| AppError::Internal(e.into()))?
        }
        Some(boundary) => {
            let (files, form_error, reading) = form_files(multer::Multipart::new(stream, boundary));
            let result = tokio::task::spawn_blocking(move || {
                pricing_data::import_aws(files, options, &mut |_| {})
            })
            .await
            .map_err(|e| AppError::Internal(e.into()))?;
            // Answer only once the whole form is read: a browser still sending a large file
            // would otherwise see the connection close, not this answer.
            reading.await.map_err(|e| AppError::Internal(e.into()))?;
            let form_error = form_error.lock().ok().and_then(|mut e| e.take());
            if let Some(message) = form_error {
                return Err(if message.contains("length limit") {
                    too_large()
                } else {
                    AppError::BadRequest {
                        status: StatusCode::BAD_REQUEST,
                        code: "invalid_form",
                        message: format!(
                            "The upload is not a readable multipart form ({message}). Nothing was stored."
                        ),
                    }
                });
            }
            result
        }
    };
    let (table, report) = result.map_err(|error| match &error {
        pricing_data::ImportError::Io { message, .. } if message.contains("length limit") => {
            too_large()
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

/// Where a multipart form's first failure is left for the handler (the importer only sees
/// the files end).
type FormError = std::sync::Arc<std::sync::Mutex<Option<String>>>;

/// The file parts of a multipart form as offer files, one after another. A task reads the
/// form and passes each part's bytes through a small channel while the importer, on a
/// blocking thread, reads them: the body streams through and at most a few chunks are
/// buffered. Parts without a file name (plain form fields) are ignored. If the importer stops
/// early (a bad file), the task reads the rest of the form (bounded by the body limit) and
/// drops it; the handle ends when the form has been read.
fn form_files(
    mut form: multer::Multipart<'static>,
) -> (
    impl Iterator<Item = pricing_data::OfferInput<std::io::BufReader<PartReader>>>,
    FormError,
    tokio::task::JoinHandle<()>,
) {
    let form_error = FormError::default();
    let failed = form_error.clone();
    let fail = move |message: String| {
        if let Ok(mut slot) = failed.lock() {
            slot.get_or_insert(message);
        }
    };
    let (files_tx, mut files_rx) = tokio::sync::mpsc::channel(1);
    let reading = tokio::spawn(async move {
        // False once the importer has stopped listening: the rest is read and dropped.
        let mut importing = true;
        loop {
            let mut field = match form.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => return,
                Err(e) => return fail(e.to_string()),
            };
            let Some(name) = field.file_name().map(str::to_owned) else {
                continue;
            };
            let (chunks_tx, chunks_rx) = tokio::sync::mpsc::channel(8);
            importing = importing && files_tx.send((name, chunks_rx)).await.is_ok();
            loop {
                match field.chunk().await {
                    Ok(Some(bytes)) => {
                        importing = importing && chunks_tx.send(Ok(bytes)).await.is_ok();
                    }
                    Ok(None) => break,
                    Err(e) => {
                        let message = e.to_string();
                        let _ = chunks_tx
                            .send(Err(std::io::Error::other(message.clone())))
                            .await;
                        return fail(message);
                    }
                }
            }
        }
    });
    let files = std::iter::from_fn(move || files_rx.blocking_recv()).map(|(name, chunks)| {
        pricing_data::OfferInput {
            name,
            reader: std::io::BufReader::with_capacity(
                1 << 20,
                PartReader {
                    chunks,
                    current: bytes::Bytes::new(),
                },
            ),
        }
    });
    (files, form_error, reading)
}

/// Blocking `Read` over one form part's chunks (used on a blocking thread only).
struct PartReader {
    chunks: tokio::sync::mpsc::Receiver<std::io::Result<bytes::Bytes>>,
    current: bytes::Bytes,
}

impl std::io::Read for PartReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.chunks.blocking_recv() {
                Some(chunk) => self.current = chunk?,
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current.split_to(n));
        Ok(n)
    }
}
