//! Extractors whose rejections use the API's JSON error format instead of axum's plain text.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Query, Request, rejection::BytesRejection},
    http::{StatusCode, request::Parts},
};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// The raw request body, as bytes; too large a body is a JSON 413.
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(RawBody)
            .map_err(bytes_rejection)
    }
}

/// A JSON body parsed into `T`; every failure (content type, syntax, shape, size) is a JSON
/// error naming what is wrong.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime == "application/json" || mime.ends_with("+json")
            });
        if !is_json {
            return Err(AppError::BadRequest {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "unsupported_media_type",
                message: "Send the body as JSON with `Content-Type: application/json`.".into(),
            });
        }
        let RawBody(bytes) = RawBody::from_request(req, state).await?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Query parameters parsed into `T`; an unknown or malformed parameter is a JSON 422 that
/// names it (axum's own `Query` answers plain text).
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Query::try_from_uri(&parts.uri)
            .map(|Query(value)| QueryParams(value))
            .map_err(|rejection| AppError::Invalid {
                code: "invalid_query",
                message: format!("The query string is not valid: {}", rejection.body_text()),
                field: None,
            })
    }
}

/// Parses a JSON object into `T`, naming the path of the first offending field. Every body
/// the API reads is an object: serde's derived structs would also take an array, field by
/// field, which the API's schema does not allow.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    if bytes.trim_ascii_start().first() == Some(&b'[') {
        return Err(AppError::Invalid {
            code: "invalid_field",
            message: "The body must be a JSON object, not an array.".into(),
            field: None,
        });
    }
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let (code, status) = if inner.is_syntax() || inner.is_eof() {
            ("malformed_json", StatusCode::BAD_REQUEST)
        } else {
            ("invalid_field", StatusCode::UNPROCESSABLE_ENTITY)
        };
        if status == StatusCode::BAD_REQUEST {
            AppError::BadRequest {
                status,
                code,
                message: format!("The body is not valid JSON: {inner}"),
            }
        } else {
            AppError::Invalid {
                code,
                message: format!("{path}: {inner}"),
                field: (path != ".").then_some(path),
            }
        }
    })
}

fn bytes_rejection(rejection: BytesRejection) -> AppError {
    let status = rejection.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::BadRequest {
            status,
            code: "payload_too_large",
            message: "The request body is larger than this server accepts \
                      (set --max-body-bytes / DBCOST_MAX_BODY_BYTES to raise the limit)."
                .into(),
        }
    } else {
        AppError::BadRequest {
            status,
            code: "unreadable_body",
            message: format!(
                "The request body could not be read: {}",
                rejection.body_text()
            ),
        }
    }
}
