//! The JSON API: each handler parses its parameters, makes one index call
//! on a blocking thread, and answers JSON.

use crate::AppState;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use storyline::read::Input;
use storyline_index::Index;

/// Largest page a list route returns.
const MAX_LIMIT: usize = 200;
const DEFAULT_LIMIT: usize = 20;

/// An error answer: a status and a sentence.
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

impl From<storyline_index::Error> for ApiError {
    fn from(err: storyline_index::Error) -> Self {
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
    }
}

type ApiResult = Result<Response, ApiError>;

fn ok<T: Serialize>(value: T) -> ApiResult {
    Ok(Json(value).into_response())
}

/// Unknown routes: JSON 404.
pub async fn not_found() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "no such route".into())
}

async fn method_not_allowed() -> ApiError {
    ApiError(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed on this route".into(),
    )
}

pub fn routes(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/healthz", get(health))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/documents", axum::routing::post(ingest))
        .route("/api/documents/{*id}", get(document))
        .route("/api/search", get(search))
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

thread_local! {
    /// Each blocking thread keeps its own read connection.
    static READER: RefCell<Option<(PathBuf, Index)>> = const { RefCell::new(None) };
}

/// Runs `read` against this thread's read connection to the index.
async fn with_index<T: Send + 'static>(
    state: &Arc<AppState>,
    read: impl FnOnce(&Index) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let db = state.config.db.clone();
    tokio::task::spawn_blocking(move || {
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
    .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("request failed: {e}")))?
}

/// `limit` and `offset` from the query string, checked.
fn paging(params: &HashMap<String, String>) -> Result<(usize, usize), ApiError> {
    let number = |name: &str, default: usize| match params.get(name) {
        None => Ok(default),
        Some(v) => v.parse::<usize>().map_err(|_| {
            ApiError(
                StatusCode::BAD_REQUEST,
                format!("{name} must be a non-negative integer"),
            )
        }),
    };
    let limit = number("limit", DEFAULT_LIMIT)?;
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            format!("limit must lie between 1 and {MAX_LIMIT}"),
        ));
    }
    Ok((limit, number("offset", 0)?))
}

type Params = Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>;

fn params(query: Params) -> Result<HashMap<String, String>, ApiError> {
    query
        .map(|Query(p)| p)
        .map_err(|e| ApiError(StatusCode::BAD_REQUEST, e.body_text()))
}

async fn health(State(state): State<Arc<AppState>>) -> ApiResult {
    let counts = with_index(&state, |index| Ok(index.counts()?)).await?;
    ok(json!({ "status": "ok", "index": counts }))
}

async fn stories(State(state): State<Arc<AppState>>, query: Params) -> ApiResult {
    let params = params(query)?;
    let (limit, offset) = paging(&params)?;
    let q = params.get("q").cloned();
    ok(with_index(&state, move |index| Ok(index.stories(q.as_deref(), limit, offset)?)).await?)
}

async fn story(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult {
    let found = with_index(&state, move |index| Ok(index.story(&id)?)).await?;
    found
        .map(|s| Json(s).into_response())
        .ok_or_else(|| ApiError(StatusCode::NOT_FOUND, "no such story".into()))
}

async fn document(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult {
    let found = with_index(&state, move |index| Ok(index.document(&id)?)).await?;
    found
        .map(|d| Json(d).into_response())
        .ok_or_else(|| ApiError(StatusCode::NOT_FOUND, "no such document".into()))
}

async fn search(State(state): State<Arc<AppState>>, query: Params) -> ApiResult {
    let params = params(query)?;
    let (limit, offset) = paging(&params)?;
    let Some(q) = params.get("q").filter(|q| !q.trim().is_empty()).cloned() else {
        return Err(ApiError(StatusCode::BAD_REQUEST, "q is required".into()));
    };
    ok(with_index(&state, move |index| Ok(index.search(&q, limit, offset)?)).await?)
}

/// Compares two strings in time independent of where they differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A JSON object or array becomes JSONL; anything else is passed as it is
/// (JSONL, or a single text or HTML document).
fn as_input(bytes: Vec<u8>) -> Result<Input, ApiError> {
    let bad = |msg: String| ApiError(StatusCode::BAD_REQUEST, msg);
    let records = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Array(items)) => items,
        Ok(object @ Value::Object(_)) => vec![object],
        Ok(_) => return Err(bad("expected a JSON object, an array of objects, or JSONL".into())),
        Err(_) => {
            return Ok(Input::Bytes {
                name: "request".into(),
                bytes,
            })
        }
    };
    let mut jsonl = Vec::new();
    for record in records {
        if !record.is_object() {
            return Err(bad("every record must be a JSON object with at least `text`".into()));
        }
        serde_json::to_writer(&mut jsonl, &record).map_err(|e| bad(e.to_string()))?;
        jsonl.push(b'\n');
    }
    Ok(Input::Bytes {
        name: "request".into(),
        bytes: jsonl,
    })
}

async fn ingest(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> ApiResult {
    let Some(token) = state.config.token.clone() else {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            "ingest over HTTP is off; start the server with --token".into(),
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|g| same_secret(g.as_bytes(), token.as_bytes())) {
        return Err(ApiError(
            StatusCode::UNAUTHORIZED,
            "a valid bearer token is required".into(),
        ));
    }
    let limit = state.config.max_body_bytes;
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request body larger than {limit} bytes"),
        )
    })?;
    if bytes.is_empty() {
        return Err(ApiError(StatusCode::BAD_REQUEST, "empty request body".into()));
    }
    let input = as_input(bytes.to_vec())?;
    let _writer = state.writer.lock().await;
    let db = state.config.db.clone();
    let report = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        let mut index = Index::open(&db)?;
        Ok(index.ingest(&[input])?)
    })
    .await
    .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("ingest failed: {e}")))??;
    let status = if report.added > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(report)).into_response())
}
