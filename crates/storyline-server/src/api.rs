//! The JSON API: each handler parses its parameters, makes one index call
//! on a blocking thread, and answers JSON.

use crate::error::ApiError;
use crate::upload;
use crate::AppState;
use axum::body::{Body, HttpBody};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::Serialize;
use serde_json::json;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use storyline_index::{Index, IngestReport};

/// Largest page a list route returns.
const MAX_LIMIT: usize = 200;
const DEFAULT_LIMIT: usize = 20;
/// Largest `offset`: SQLite counts rows in a signed 64-bit integer.
const MAX_OFFSET: u64 = i64::MAX as u64;

type ApiResult = Result<Response, ApiError>;

fn ok<T: Serialize>(value: T) -> ApiResult {
    Ok(Json(value).into_response())
}

/// Unknown routes: JSON 404.
pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such route")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed on this route")
}

pub fn routes(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/healthz", get(health))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/documents", post(ingest))
        .route("/api/documents/{*id}", get(document))
        .route("/api/search", get(search))
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

thread_local! {
    /// Each blocking thread keeps its own read connection.
    static READER: RefCell<Option<(PathBuf, Index)>> = const { RefCell::new(None) };
}

/// Runs `read` against this thread's read connection to the index, once
/// one of the [`crate::Limits::max_index_threads`] is free.
async fn with_index<T: Send + 'static>(
    state: &Arc<AppState>,
    read: impl FnOnce(&Index) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let db = state.config.db.clone();
    let permit = state
        .index_threads
        .clone()
        .acquire_owned()
        .await
        .map_err(ApiError::internal)?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        READER.with(|cell| {
            let mut slot = cell.borrow_mut();
            if slot.as_ref().is_none_or(|(path, _)| *path != db) {
                *slot = Some((db.clone(), Index::open_read(&db)?));
            }
            let (_, index) = slot.as_ref().expect("opened above");
            read(index)
        })
    })
    .await
    .map_err(|e| ApiError::internal(format!("index read failed: {e}")))?
}

/// `limit` and `offset` from the query string, checked.
fn paging(params: &HashMap<String, String>) -> Result<(usize, usize), ApiError> {
    let number = |name: &str, default: u64, range: std::ops::RangeInclusive<u64>| {
        let value = match params.get(name) {
            None => default,
            Some(v) => v
                .parse::<u64>()
                .map_err(|_| ApiError::bad_request(format!("{name} must be a non-negative integer")))?,
        };
        if !range.contains(&value) {
            return Err(ApiError::bad_request(format!(
                "{name} must lie between {} and {}",
                range.start(),
                range.end()
            )));
        }
        usize::try_from(value).map_err(|_| ApiError::bad_request(format!("{name} is too large")))
    };
    Ok((
        number("limit", DEFAULT_LIMIT as u64, 1..=MAX_LIMIT as u64)?,
        number("offset", 0, 0..=MAX_OFFSET)?,
    ))
}

async fn health(State(state): State<Arc<AppState>>) -> ApiResult {
    let counts = with_index(&state, |index| Ok(index.counts()?)).await?;
    ok(json!({ "status": "ok", "index": counts }))
}

async fn stories(State(state): State<Arc<AppState>>, Query(params): Query<HashMap<String, String>>) -> ApiResult {
    let (limit, offset) = paging(&params)?;
    let q = params.get("q").cloned();
    ok(with_index(&state, move |index| Ok(index.stories(q.as_deref(), limit, offset)?)).await?)
}

async fn story(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult {
    let found = with_index(&state, move |index| Ok(index.story(&id)?)).await?;
    found
        .map(|s| Json(s).into_response())
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "no such story"))
}

async fn document(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult {
    let found = with_index(&state, move |index| Ok(index.document(&id)?)).await?;
    found
        .map(|d| Json(d).into_response())
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "no such document"))
}

async fn search(State(state): State<Arc<AppState>>, Query(params): Query<HashMap<String, String>>) -> ApiResult {
    let (limit, offset) = paging(&params)?;
    let Some(q) = params.get("q").filter(|q| !q.trim().is_empty()).cloned() else {
        return Err(ApiError::bad_request("q is required"));
    };
    ok(with_index(&state, move |index| Ok(index.search(&q, limit, offset)?)).await?)
}

/// Compares two strings in time independent of where they differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Refuses a request without the server's bearer token (the scheme's name
/// in any case, as HTTP has it), or any when ingest is off.
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let forbidden = |why: &str| Err(ApiError::new(StatusCode::FORBIDDEN, why));
    let Some(token) = &state.config.token else {
        return forbidden("ingest over HTTP is off; start the server with --token");
    };
    if !state.writable {
        return forbidden("the index is read-only here; ingest over HTTP is off");
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, credentials)| credentials.trim_matches(' '));
    if !given.is_some_and(|g| same_secret(g.as_bytes(), token.as_bytes())) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "a valid bearer token is required",
        ));
    }
    Ok(())
}

/// The whole request body, within the size and time limits.
async fn read_body(state: &AppState, body: Body) -> Result<Vec<u8>, ApiError> {
    let limits = &state.config.limits;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request body larger than {} bytes", limits.max_body_bytes),
        )
    };
    // A declared length over the limit is refused before a byte is read.
    if body.size_hint().lower() > limits.max_body_bytes as u64 {
        return Err(too_large());
    }
    let read = Limited::new(body, limits.max_body_bytes).collect();
    match tokio::time::timeout(limits.body_timeout, read).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes().to_vec()),
        Ok(Err(err)) if err.is::<LengthLimitError>() => Err(too_large()),
        Ok(Err(err)) => Err(ApiError::bad_request(format!(
            "the request body could not be read: {err}"
        ))),
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "request body not received within {} s",
                limits.body_timeout.as_secs_f64()
            ),
        )),
    }
}

/// What an ingest answers: the index's report and the id of each document
/// posted.
#[derive(Serialize)]
struct IngestAnswer {
    documents: Vec<String>,
    #[serde(flatten)]
    report: IngestReport,
}

async fn ingest(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> ApiResult {
    authorize(&state, &headers)?;
    // Admitted before the body is read, so that waiting bodies are bounded
    // in number as well as in size.
    let Ok(_admitted) = state.write_queue.try_acquire() else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many ingest requests waiting; try again shortly",
        ));
    };
    let bytes = read_body(&state, body).await?;
    let upload::Upload { input, documents } = upload::parse(&bytes, state.config.limits.max_documents)?;
    drop(bytes);
    let _writer = state.writer.lock().await;
    let db = state.config.db.clone();
    let report = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        let mut index = Index::open(&db)?;
        Ok(index.ingest(&[input])?)
    })
    .await
    .map_err(|e| ApiError::internal(format!("ingest failed: {e}")))??;
    let status = if report.added > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(IngestAnswer { documents, report })).into_response())
}
