//! The one error type of the HTTP layer and its JSON shape:
//! `{"error":{"code":"snake_case","message":"…","fields":{"title":["…"]}}}`.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use sea_orm::DbErr;
use serde::Serialize;
use utoipa::ToSchema;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

pub type FieldErrors = BTreeMap<String, Vec<String>>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("{message}")]
    Unauthorized { code: &'static str, message: String },
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    /// The caller is banned: every write is refused until `until` (`None`: for good).
    #[error("{}", banned_message(until, reason))]
    Banned {
        until: Option<chrono::DateTime<chrono::Utc>>,
        reason: String,
    },
    /// A moderator removed this content (410 `removed`, with the reason).
    #[error("removed by a moderator: {reason}")]
    Removed { reason: String },
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A 404 with a code of its own, for a clearer reason than "no such thing".
    #[error("{message}")]
    NotFoundCode { code: &'static str, message: String },
    #[error("{message}")]
    Conflict {
        code: &'static str,
        message: String,
        fields: FieldErrors,
    },
    #[error("{message}")]
    PayloadTooLarge {
        message: String,
        fields: FieldErrors,
    },
    #[error("{message}")]
    UnsupportedMediaType { message: String },
    #[error("{message}")]
    Unprocessable {
        code: &'static str,
        message: String,
        fields: FieldErrors,
    },
    #[error("too many attempts; try again in {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("{0}")]
    Unavailable(String),
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        AppError::BadRequest {
            code,
            message: message.into(),
        }
    }

    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Unauthorized {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Forbidden {
            code,
            message: message.into(),
        }
    }

    pub fn conflict(code: &'static str, field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        AppError::Conflict {
            code,
            fields: BTreeMap::from([(field.to_string(), vec![message.clone()])]),
            message,
        }
    }

    /// A body part larger than its limit (413 `payload_too_large`), naming the field.
    pub fn too_large(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        AppError::PayloadTooLarge {
            fields: BTreeMap::from([(field.to_string(), vec![message.clone()])]),
            message,
        }
    }

    /// A rule broken by one field, reported like a validation failure.
    pub fn invalid_field(code: &'static str, field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        AppError::Unprocessable {
            code,
            fields: BTreeMap::from([(field.to_string(), vec![message.clone()])]),
            message,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest { code, .. }
            | AppError::Unauthorized { code, .. }
            | AppError::Forbidden { code, .. }
            | AppError::Conflict { code, .. }
            | AppError::Unprocessable { code, .. }
            | AppError::NotFoundCode { code, .. } => code,
            AppError::NotFound(_) => "not_found",
            AppError::Banned { .. } => "banned",
            AppError::Removed { .. } => "removed",
            AppError::PayloadTooLarge { .. } => "payload_too_large",
            AppError::UnsupportedMediaType { .. } => "unsupported_media_type",
            AppError::TooManyRequests { .. } => "rate_limited",
            AppError::Unavailable(_) => "service_unavailable",
            AppError::Database(_) | AppError::Internal(_) => "internal_error",
        }
    }
}

impl From<validator::ValidationErrors> for AppError {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut fields = FieldErrors::new();
        collect_field_errors(&errors, "", &mut fields);
        AppError::Unprocessable {
            code: "validation_failed",
            message: "some fields are invalid".into(),
            fields,
        }
    }
}

fn collect_field_errors(errors: &validator::ValidationErrors, prefix: &str, out: &mut FieldErrors) {
    use validator::ValidationErrorsKind;
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                let messages = list.iter().map(|error| {
                    error
                        .message
                        .as_ref()
                        .map(|message| message.to_string())
                        .unwrap_or_else(|| format!("is invalid ({})", error.code))
                });
                out.entry(path).or_default().extend(messages);
            }
            ValidationErrorsKind::Struct(inner) => collect_field_errors(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect_field_errors(inner, &format!("{path}[{index}]"), out);
                }
            }
        }
    }
}

/// The error body every endpoint returns.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Machine-readable, snake_case: `invalid_json`, `validation_failed`, `not_found`, …
    #[schema(example = "validation_failed")]
    pub code: String,
    /// For people; may change between releases.
    pub message: String,
    /// Per-field messages, for validation errors, conflicts and oversized parts; for `banned`:
    /// `until` (RFC 3339, absent when for good) and `reason`; for `removed`: `reason`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: FieldErrors,
}

pub fn error_response(status: StatusCode, code: &str, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(ErrorBody {
        error: ErrorDetail {
            code: code.into(),
            message: message.into(),
            fields: FieldErrors::new(),
        },
    })
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            AppError::Forbidden { .. } | AppError::Banned { .. } => StatusCode::FORBIDDEN,
            AppError::Removed { .. } => StatusCode::GONE,
            AppError::NotFound(_) | AppError::NotFoundCode { .. } => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Database(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let message = if status.is_server_error() {
            // The cause stays in the log, next to the request id the client got in a header.
            tracing::error!(error = ?anyhow_chain(self), "request failed");
            "something went wrong on our side; the request id identifies it in our logs".to_string()
        } else {
            self.to_string()
        };
        let fields = match self {
            AppError::Conflict { fields, .. }
            | AppError::Unprocessable { fields, .. }
            | AppError::PayloadTooLarge { fields, .. } => fields.clone(),
            // Machine-readable: the end (absent when for good) and the reason.
            AppError::Banned { until, reason } => {
                let mut fields = FieldErrors::new();
                if let Some(until) = until {
                    fields.insert(
                        "until".into(),
                        vec![until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)],
                    );
                }
                fields.insert("reason".into(), vec![reason.clone()]);
                fields
            }
            AppError::Removed { reason } => {
                BTreeMap::from([("reason".to_string(), vec![reason.clone()])])
            }
            _ => FieldErrors::new(),
        };
        let mut response = HttpResponse::build(status);
        if let AppError::TooManyRequests { retry_after_secs } = self {
            response.insert_header((
                actix_web::http::header::RETRY_AFTER,
                retry_after_secs.to_string(),
            ));
        }
        response.json(ErrorBody {
            error: ErrorDetail {
                code: self.code().into(),
                message,
                fields,
            },
        })
    }
}

fn banned_message(until: &Option<chrono::DateTime<chrono::Utc>>, reason: &str) -> String {
    let when = match until {
        Some(until) => format!(
            "until {}",
            until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ),
        None => "for good".to_string(),
    };
    format!("your account is banned {when}: {reason}")
}

fn anyhow_chain(error: &AppError) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
