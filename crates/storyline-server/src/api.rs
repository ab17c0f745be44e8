//! The JSON API: each handler parses its parameters, makes one index call
//! on a blocking thread, and answers JSON.

use crate::error::ApiError;
use crate::params::Params;
use crate::AppState;
use crate::{export, upload};
use axum::body::{Body, HttpBody};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::Serialize;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use storyline_index::{Index, IngestReport};

/// Most outlets `GET /api/facets` lists unless asked for fewer.
const DEFAULT_FACET_SOURCES: u64 = 100;
/// Most outlets `GET /api/facets` lists at all.
const MAX_FACET_SOURCES: u64 = 1000;

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
        .route("/api/stories/{id}/export", get(export))
        .route("/api/facets", get(facets))
        .route("/api/compare", get(compare))
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

async fn health(State(state): State<Arc<AppState>>) -> ApiResult {
    let counts = with_index(&state, |index| Ok(index.counts()?)).await?;
    ok(json!({ "status": "ok", "index": counts }))
}

async fn stories(State(state): State<Arc<AppState>>, Query(params): Query<HashMap<String, String>>) -> ApiResult {
    let params = Params::new(params);
    let (limit, offset) = params.paging()?;
    let query = params.story_query()?;
    ok(with_index(&state, move |index| Ok(index.find_stories(&query, limit, offset)?)).await?)
}

/// The story `id`, marked as new since the `since` parameter's date.
async fn marked_story(state: &Arc<AppState>, id: String, params: &Params) -> Result<Value, ApiError> {
    let since = params.date("since")?;
    let found = with_index(state, move |index| Ok(index.story_since(&id, since)?)).await?;
    found.ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "no such story"))
}

async fn story(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult {
    ok(marked_story(&state, id, &Params::new(params)).await?)
}

async fn export(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult {
    let params = Params::new(params);
    let csv = params.choice("format", "json", &["json", "csv"])? == "csv";
    let story = marked_story(&state, id.clone(), &params).await?;
    Ok(export::story_file(&id, &story, csv))
}

async fn document(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult {
    let found = with_index(&state, move |index| Ok(index.document(&id)?)).await?;
    found
        .map(|d| Json(d).into_response())
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "no such document"))
}

async fn compare(State(state): State<Arc<AppState>>, Query(params): Query<HashMap<String, String>>) -> ApiResult {
    let params = Params::new(params);
    let (Some(a), Some(b)) = (params.text("a"), params.text("b")) else {
        return Err(ApiError::bad_request("a and b, two document ids, are required"));
    };
    let found = with_index(&state, move |index| Ok(index.compare(&a, &b)?)).await?;
    found
        .map(|c| Json(c).into_response())
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "no such document"))
}

async fn search(State(state): State<Arc<AppState>>, Query(params): Query<HashMap<String, String>>) -> ApiResult {
    let params = Params::new(params);
    let (limit, offset) = params.paging()?;
    let Some(q) = params.text("q") else {
        return Err(ApiError::bad_request("q is required"));
    };
    ok(with_index(&state, move |index| Ok(index.search(&q, limit, offset)?)).await?)
}

async fn facets(State(state): State<Arc<AppState>>, Query(params): Query<HashMap<String, String>>) -> ApiResult {
    let sources = Params::new(params).number("limit", DEFAULT_FACET_SOURCES, 1..=MAX_FACET_SOURCES)?;
    ok(with_index(&state, move |index| Ok(index.facets(sources)?)).await?)
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
