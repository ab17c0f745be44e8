//! Error answers: a status and a sentence, always as `{"error": "..."}`.
//! Failures of the server itself (500) are logged on standard error and
//! answered with a generic sentence, so no file path or SQL reaches a
//! client.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// What a 500 tells the client; the detail goes to the log.
const INTERNAL: &str = "internal error; the server's log has the detail";

/// Seconds a client is asked to wait before retrying a 503.
pub(crate) const RETRY_AFTER_SECONDS: u32 = 1;

/// An error answer.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    /// An answer with this status and sentence.
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// 400: the request is malformed.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 500: logs `detail` and answers a sentence that names nothing inside.
    pub(crate) fn internal(detail: impl std::fmt::Display) -> Self {
        eprintln!("storyline serve: {detail}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, INTERNAL)
    }

    /// The sentence a response of this status carries when it came with no
    /// usable one of its own (from the router, an extractor or hyper).
    pub(crate) fn for_status(status: StatusCode, text: &str) -> Self {
        let text = text.trim();
        if status.is_server_error() && status != StatusCode::SERVICE_UNAVAILABLE {
            return ApiError::internal(format!("{status}: {text}"));
        }
        let message = match text {
            "" => status.canonical_reason().unwrap_or("error").to_lowercase(),
            text => text.to_string(),
        };
        ApiError::new(status, message)
    }
}

#[cfg(test)]
impl ApiError {
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    pub(crate) fn message(&self) -> &str {
        &self.message
    }
}

impl From<storyline_index::Error> for ApiError {
    fn from(err: storyline_index::Error) -> Self {
        ApiError::internal(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(json!({ "error": self.message }))).into_response();
        let headers = response.headers_mut();
        match self.status {
            StatusCode::SERVICE_UNAVAILABLE => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
            }
            // The rest of the body is still on its way: reading it would
            // keep the slow client, so the connection ends with the answer.
            StatusCode::REQUEST_TIMEOUT => {
                headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            _ => {}
        }
        response
    }
}
