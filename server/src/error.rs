//! The one error type handlers return, and its JSON form
//! `{ "error": { "code", "message", "field"? } }`.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;

/// An error a handler returns; maps to a status code and a JSON body.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request was understood but a value in it is wrong.
    #[error("{message}")]
    Invalid {
        /// Machine-readable code, e.g. `invalid_price_table`.
        code: &'static str,
        /// What is wrong and what was expected.
        message: String,
        /// The JSON path of the offending field, when there is one.
        field: Option<String>,
    },
    /// A document with several problems, each named by its JSON path (`details`).
    #[error("{message}")]
    InvalidFields {
        /// Machine-readable code, e.g. `invalid_price_table`.
        code: &'static str,
        /// A summary.
        message: String,
        /// Every problem; the first one's path also goes into `field`.
        details: Vec<pricing_data::FieldError>,
    },
    /// The request is malformed (bad JSON, wrong content type, too large): `status` says which.
    #[error("{message}")]
    BadRequest {
        /// 400, 413, 415, ...
        status: StatusCode,
        /// Machine-readable code.
        code: &'static str,
        /// What is wrong.
        message: String,
    },
    /// Nothing exists at that id.
    #[error("{0}")]
    NotFound(String),
    /// Anything the client cannot fix: logged in full, shown as a generic message.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// The JSON body of every error response.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// The fields of an error.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ErrorDetail {
    /// Machine-readable code.
    pub code: String,
    /// Human-readable message.
    pub message: String,
    /// JSON path of the offending field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every problem, when there are several (e.g. a price table's field errors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<pricing_data::FieldError>>,
}

/// Builds an error response with the standard body.
pub fn error_response(
    status: StatusCode,
    code: &str,
    message: impl Into<String>,
    field: Option<String>,
) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            code: code.to_owned(),
            message: message.into(),
            field,
            details: None,
        },
    };
    (status, Json(body)).into_response()
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::Invalid {
                code,
                message,
                field,
            } => error_response(StatusCode::UNPROCESSABLE_ENTITY, code, message, field),
            AppError::InvalidFields {
                code,
                message,
                details,
            } => {
                let field = details.first().map(|d| d.path.clone());
                let error = ErrorDetail {
                    code: code.to_owned(),
                    message,
                    field,
                    details: Some(details),
                };
                (StatusCode::UNPROCESSABLE_ENTITY, Json(ErrorBody { error })).into_response()
            }
            AppError::BadRequest {
                status,
                code,
                message,
            } => error_response(status, code, message, None),
            AppError::NotFound(message) => {
                error_response(StatusCode::NOT_FOUND, "not_found", message, None)
            }
            AppError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "internal error");
                error_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on the server; the cause is in its log.",
                    None,
                )
            }
        }
    }
}
