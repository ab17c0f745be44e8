//! What every request and every response goes through, whatever the
//! route: the limits on the request target and headers (414, 431, set
//! below hyper's own so that the answer is JSON), error bodies as JSON
//! (rejections by the router and extractors come as plain text), and
//! `X-Content-Type-Options: nosniff`.

use crate::error::ApiError;
use crate::Limits;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::sync::Arc;

/// Most bytes of a plain-text error body that are kept as the sentence.
const MAX_ERROR_TEXT_BYTES: usize = 4096;

/// `routes` behind the policy.
pub(crate) fn apply(routes: Router, limits: Limits) -> Router {
    routes.layer(middleware::from_fn_with_state(Arc::new(limits), guard))
}

async fn guard(State(limits): State<Arc<Limits>>, request: Request, next: Next) -> Response {
    let mut response = match refusal(&limits, &request) {
        Some(error) => error.into_response(),
        None => next.run(request).await,
    };
    let status = response.status();
    if (status.is_client_error() || status.is_server_error()) && !is_json(&response) {
        response = as_json(response).await;
    }
    response
        .headers_mut()
        .insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// Why `request` is refused before any route sees it, if it is.
fn refusal(limits: &Limits, request: &Request) -> Option<ApiError> {
    let uri = request.uri();
    let target = uri.path_and_query().map_or(0, |p| p.as_str().len()) + uri.authority().map_or(0, |a| a.as_str().len());
    if target > limits.max_uri_bytes {
        return Some(ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("request target longer than {} bytes", limits.max_uri_bytes),
        ));
    }
    let headers = request.headers();
    // As sent: name, ": ", value, CRLF.
    let header_bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if headers.len() > limits.max_headers || header_bytes > limits.max_header_bytes {
        return Some(ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!(
                "request headers over {} fields or {} bytes",
                limits.max_headers, limits.max_header_bytes
            ),
        ));
    }
    None
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// The same answer with its plain-text (or empty) body as `{"error": ...}`,
/// keeping its other headers (`Allow` on a 405, say).
async fn as_json(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MAX_ERROR_TEXT_BYTES)
        .await
        .unwrap_or_default();
    let json = ApiError::for_status(parts.status, &String::from_utf8_lossy(&text)).into_response();
    let (json_parts, json_body) = json.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.extend(json_parts.headers);
    Response::from_parts(parts, Body::new(json_body))
}
